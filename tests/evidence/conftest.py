"""Fixtures for evidence tests: published case studies with real revisions, a member and their pack."""

import pytest

from tests.evidence.factories import EvidencePackFactory
from tests.network.factories import OrganisationFactory, UserFactory
from tests.practices.conftest import health, housing, london, principles, tree, wales  # noqa: F401
from tests.practices.factories import (
    CaseStudyContributorFactory,
    CaseStudyPageFactory,
    ImpactMeasureFactory,
    PrincipleApplicationFactory,
)


def publish(page, user=None):
    """Publish a case study's current state as a real revision (as an editor's approval does)."""
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def published_case_study(principles, health, london):  # noqa: F811 (fixtures imported above)
    def make(title="Time bank at the surgery", **fields):
        case_study = CaseStudyPageFactory(title=title, service_area=health, region=london, **fields)
        PrincipleApplicationFactory(page=case_study, principle=principles[1], strength=3)
        ImpactMeasureFactory(page=case_study, source="https://example.org/evaluation.pdf")
        CaseStudyContributorFactory(page=case_study, name="Ada Lovelace")
        case_study.organisation_links.create(organisation=OrganisationFactory(name="Common Hours"))
        return publish(case_study)

    return make


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def pack(member):
    return EvidencePackFactory(owner=member, name="Ageing well: what works")


@pytest.fixture(autouse=True)
def fresh_search_state():
    """Each test starts with the search circuit breaker closed and no cached labels or picks."""
    from portal.search import client as es
    from portal.search.promotions import forget_promotions
    from portal.search.results import forget_facet_labels

    es.breaker.record_success()
    forget_facet_labels()
    forget_promotions()
    yield
    es.breaker.record_success()
