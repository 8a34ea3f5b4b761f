"""The case study index filters with plain query parameters and paginates."""

import pytest

from portal.practices.selectors import CASE_STUDIES_PER_PAGE
from tests.conftest import queries_for
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory


@pytest.fixture
def catalogue(principles, health, housing, london, wales):
    a = CaseStudyPageFactory(title="Alpha", service_area=health, region=london, evidence_level=4)
    b = CaseStudyPageFactory(title="Beta", service_area=health, region=wales, evidence_level=2)
    c = CaseStudyPageFactory(title="Gamma", service_area=housing, region=london, evidence_level=3)
    d = CaseStudyPageFactory(title="Delta draft", service_area=health, region=london, live=False)
    PrincipleApplicationFactory(page=a, principle=principles[1])
    PrincipleApplicationFactory(page=c, principle=principles[1])
    PrincipleApplicationFactory(page=b, principle=principles[2])
    a.tags.add("peer support")
    a.save()
    return {"a": a, "b": b, "c": c, "d": d}


def titles(client, query=""):
    response = client.get("/case-studies/" + query)
    assert response.status_code == 200
    return sorted(card["case_study"].title for card in response.context["cards"])


def test_index_lists_only_published_case_studies(client, catalogue):
    assert titles(client) == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?service_area=health", ["Alpha", "Beta"]),
        ("?region=london", ["Alpha", "Gamma"]),
        ("?principle=reciprocity", ["Alpha", "Gamma"]),
        ("?evidence=3", ["Alpha", "Gamma"]),
        ("?tag=peer-support", ["Alpha"]),
        ("?service_area=health&region=london", ["Alpha"]),
        ("?service_area=health&service_area=housing&region=wales", ["Beta"]),
        ("?principle=reciprocity&evidence=4", ["Alpha"]),
        ("?region=london&principle=peer-support", []),
    ],
)
def test_filters_combine_and_across_facets_or_within_one(client, catalogue, query, expected):
    assert titles(client, query) == expected


@pytest.mark.parametrize("query", ["?evidence=9", "?evidence=abc", "?region=nowhere&page=abc", "?page=99999"])
def test_nonsense_parameters_never_break_the_page(client, catalogue, query):
    response = client.get("/case-studies/" + query)

    assert response.status_code == 200


def test_index_paginates(client, principles, health, london):
    for n in range(CASE_STUDIES_PER_PAGE + 2):
        CaseStudyPageFactory(title=f"Study {n:02d}", service_area=health, region=london)

    first = client.get("/case-studies/?service_area=health")
    second = client.get("/case-studies/?service_area=health&page=2")

    assert len(first.context["cards"]) == CASE_STUDIES_PER_PAGE
    assert len(second.context["cards"]) == 2
    assert "service_area=health&amp;page=2" in first.content.decode()


def test_index_query_count_does_not_grow_with_the_page(client, principles, health, london):
    def grow(numbers):
        for n in numbers:
            case_study = CaseStudyPageFactory(title=f"Study {n:02d}", service_area=health, region=london)
            PrincipleApplicationFactory(page=case_study, principle=principles[n % 6])
            case_study.tags.add(f"tag {n}")
            case_study.save()

    grow(range(2))
    few = queries_for(client, "/case-studies/")

    grow(range(2, CASE_STUDIES_PER_PAGE))
    full = queries_for(client, "/case-studies/")

    assert full == few, f"{few} queries for two case studies, {full} for a full page"
