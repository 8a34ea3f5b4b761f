"""factory_boy factories for evidence: packs and their items."""

import factory

from portal.evidence.models import EvidencePack, PackItem
from tests.network.factories import UserFactory
from tests.practices.factories import CaseStudyPageFactory


class EvidencePackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidencePack

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Evidence for paper {n}")


class PackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PackItem

    pack = factory.SubFactory(EvidencePackFactory)
    case_study = factory.SubFactory(CaseStudyPageFactory)
    note = "Strong on reciprocity."
