"""factory_boy factories for practices: principles, case studies and their parts."""

import factory
import wagtail_factories

from portal.home.services import ensure_site_tree
from portal.practices.models import (
    CaseStudyContributor,
    CaseStudyPage,
    ImpactMeasure,
    PrincipleApplication,
    PrinciplePage,
)
from portal.practices.services import ensure_practice_tree
from tests.taxonomy.factories import RegionFactory, ServiceAreaFactory


def practice_tree():
    return ensure_practice_tree(home=ensure_site_tree())


class PrinciplePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PrinciplePage

    parent = factory.LazyFunction(lambda: practice_tree().principles)
    title = factory.Sequence(lambda n: f"Principle {n}")
    short_title = factory.LazyAttribute(lambda o: o.title[:30])
    summary = "A principle of co-production."
    live = True


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaseStudyPage

    parent = factory.LazyFunction(lambda: practice_tree().case_studies)
    title = factory.Sequence(lambda n: f"Case study {n}")
    summary = "Residents and staff redesigned a service together."
    service_area = factory.SubFactory(ServiceAreaFactory)
    region = factory.SubFactory(RegionFactory)
    evidence_level = 2
    start_year = 2018
    live = True


class PrincipleApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrincipleApplication

    page = factory.SubFactory(CaseStudyPageFactory)
    principle = factory.SubFactory(PrinciplePageFactory)
    strength = 2
    how = "People who use the service shaped it from the start."


class CaseStudyContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudyContributor

    page = factory.SubFactory(CaseStudyPageFactory)
    name = factory.Faker("name")
    role = "lived-experience"


class ImpactMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactMeasure

    page = factory.SubFactory(CaseStudyPageFactory)
    outcome = "Fewer missed collections"
    metric = "Missed collections reported per month"
    baseline = 120
    result = 45
    unit = "reports"
    period = "2019-2021"
