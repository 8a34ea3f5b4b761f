from portal.evidence.models import EvidencePack, PackItem
from tests.evidence.factories import EvidencePackFactory, PackItemFactory


def test_every_factory_builds(tree):
    assert isinstance(EvidencePackFactory(), EvidencePack)
    assert isinstance(PackItemFactory(), PackItem)
