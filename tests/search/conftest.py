"""Fixtures for search tests: a small indexed catalogue under a test-only index prefix."""

import logging

import pytest

from portal.search import client as es
from portal.search.services import rebuild_all
from tests.practices.factories import (
    CaseStudyPageFactory,
    PrincipleApplicationFactory,
    PrinciplePageFactory,
    RegionFactory,
    ServiceAreaFactory,
)


@pytest.fixture(autouse=True)
def closed_breaker():
    """Each test starts with the circuit breaker closed, whatever the last test did."""
    from portal.search.promotions import forget_promotions
    from portal.search.results import forget_facet_labels

    es.breaker.record_success()
    forget_facet_labels()
    forget_promotions()
    yield
    es.breaker.record_success()


@pytest.fixture(autouse=True)
def elasticsearch_never_refuses_our_requests(caplog):
    """A request Elasticsearch refuses is a bug, even though the user gets the database's answer."""
    yield
    refused = [
        r.getMessage() for r in caplog.records if r.name == "portal.search.engines" and r.levelno >= logging.ERROR
    ]
    assert not refused, refused


@pytest.fixture
def taxonomy(db):
    return {
        "health": ServiceAreaFactory(name="Health", slug="health"),
        "social-care": ServiceAreaFactory(name="Social care", slug="social-care"),
        "london": RegionFactory(name="London", slug="london"),
        "wales": RegionFactory(name="Wales", slug="wales"),
        "reciprocity": PrinciplePageFactory(title="Reciprocity and mutuality", slug="reciprocity"),
        "assets": PrinciplePageFactory(title="People who use services as assets", slug="assets"),
    }


def make_case_study(taxonomy, title, summary, area, region, principles, evidence=2, year=2018):
    page = CaseStudyPageFactory(
        title=title,
        summary=summary,
        service_area=taxonomy[area],
        region=taxonomy[region],
        evidence_level=evidence,
        start_year=year,
    )
    for slug in principles:
        PrincipleApplicationFactory(page=page, principle=taxonomy[slug])
    return page


@pytest.fixture
def catalogue(es_index_prefix, taxonomy):
    pages = {
        "budgets": make_case_study(
            taxonomy,
            "Personal budgets planned with carers",
            "Adults in social care planned their own personal budgets with peer advisers.",
            "social-care",
            "london",
            ["reciprocity", "assets"],
            evidence=5,
            year=2009,
        ),
        "pb": make_case_study(
            taxonomy,
            "Residents decide the neighbourhood budget",
            "A participatory budgeting round let residents vote on local projects.",
            "health",
            "wales",
            ["reciprocity"],
            evidence=3,
            year=2013,
        ),
        "timebank": make_case_study(
            taxonomy,
            "A time bank at the surgery",
            "Patients swap hours of help through a time bank run with the GP practice.",
            "health",
            "london",
            ["assets"],
            evidence=4,
            year=2010,
        ),
    }
    rebuild_all()
    return pages
