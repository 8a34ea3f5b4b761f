"""The database engines and Elasticsearch give the same facets and find the same things for the same request."""

import pytest

from portal.search import database, elastic
from portal.search.results import SearchRequest

REQUESTS = [
    SearchRequest(),
    SearchRequest(q="budgets"),
    SearchRequest(q="time bank"),
    SearchRequest(filters={"service_area": ["health"]}),
    SearchRequest(filters={"service_area": ["health"], "region": ["london"]}),
    SearchRequest(filters={"type": ["case_study"], "principle": ["reciprocity"]}),
    SearchRequest(filters={"evidence": ["4", "5"]}),
    SearchRequest(filters={"type": ["case_study"]}, year_from=2010, year_to=2013),
]


def _ids(results) -> set[tuple[str, str]]:
    return {(hit["kind"], hit["id"]) for hit in results.hits}


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: r.query_string() or "everything")
def test_the_database_and_elasticsearch_agree(catalogue, request_):
    from_elasticsearch = elastic.search(request_, facets=True, highlights=True)
    from_database = database.database_search(request_)

    assert from_database.facets == from_elasticsearch.facets
    assert from_database.total == from_elasticsearch.total
    assert _ids(from_database) == _ids(from_elasticsearch)
    assert set(from_database.hits[0]) == set(from_elasticsearch.hits[0])  # the same fields in a hit
