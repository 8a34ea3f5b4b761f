"""The one module through which evidence uses search: parsing a search, running it, restricting it to ids.

Everything evidence needs from `portal.search` passes here, so a change there (request parsing
moving out of `selectors.py`, new engines) is followed in this file alone.
"""

import logging

from django.http import QueryDict

from portal.search import client as es
from portal.search import fallback
from portal.search import selectors as search_selectors
from portal.search.registry import indexed_type
from portal.search.selectors import FACETS, BadSearchRequest, SearchRequest, parse_search_request

logger = logging.getLogger(__name__)

__all__ = ["FACETS", "BadSearchRequest", "SearchRequest", "case_study_count", "matching_case_study_ids", "parse"]


def parse(params, paged: bool = True) -> SearchRequest:
    """A search request from query parameters (a QueryDict or a dict of lists); BadSearchRequest otherwise."""
    if not isinstance(params, QueryDict):
        query = QueryDict(mutable=True)
        for name, values in params.items():
            query.setlist(name, values if isinstance(values, list) else [values])
        params = query
    return parse_search_request(params, paged=paged)


def request_for(q: str, filters: dict[str, list[str]], size: int = 50) -> SearchRequest:
    """A search for case studies only, with this query and these filters."""
    return SearchRequest(q=q, filters={**filters, "type": ["case_study"]}, page=1, size=size)


def case_study_count(results) -> int:
    """How many case studies a search found (its type facet), whatever else it found."""
    for entry in results.facets.get("type", []):
        if entry["value"] == "case_study":
            return entry["count"]
    return 0


def matching_case_study_ids(searches: list[tuple[str, dict]], among_ids) -> list[set[int]]:
    """For each (query, filters), which of these case studies it finds now (the changed-since-last-run restriction).

    The ids restrict the search itself: with Elasticsearch every search of the batch goes in one
    multi-search request; in reduced mode each runs in the database as the search page's does.
    """
    among = sorted({int(pk) for pk in among_ids})
    if not among or not searches:
        return [set() for _ in searches]
    if not search_selectors._unavailable_reason():
        try:
            return _elasticsearch_matches(searches, among)
        except search_selectors.ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Saved searches fell back to the database: %s", exc)
    return _database_matches(searches, among)


def _database_matches(searches, among: list[int]) -> list[set[int]]:
    # The reduced-mode search's own matching (filters, then full-text), narrowed to the changed ids.
    indexed, source = indexed_type("case-studies"), fallback.SOURCES["case_study"]
    matches = []
    for q, filters in searches:
        queryset = fallback._filtered(indexed, source, request_for(q, filters))
        if queryset is None:
            matches.append(set())
            continue
        matches.append(set(queryset.filter(pk__in=among).order_by().values_list("pk", flat=True)))
    return matches


MSEARCH_CHUNK = 100  # searches per multi-search request


def _elasticsearch_matches(searches, among: list[int]) -> list[set[int]]:
    index = es.index_name("case-studies")
    client = es.get_bulk_client()  # a background job: time enough, unlike a visitor's search
    matches = []
    for start in range(0, len(searches), MSEARCH_CHUNK):
        body = []
        for q, filters in searches[start : start + MSEARCH_CHUNK]:
            request = request_for(q, filters, size=len(among))
            search = search_selectors.build_search(request, facets=False, highlights=False)
            search = search.filter("ids", values=[str(pk) for pk in among]).source(False)
            body += [{"index": index, "ignore_unavailable": True}, search.extra(track_total_hits=False).to_dict()]
        for response in client.msearch(body=body).body["responses"]:
            if "error" in response:
                logger.warning("A saved search failed in Elasticsearch: %s", response["error"])
                matches.append(set())
                continue
            matches.append({int(hit["_id"]) for hit in response["hits"]["hits"]})
    es.breaker.record_success()
    return matches


def _database_matches(searches, among: list[int]) -> list[set[int]]:
    # The reduced-mode search's own matching (filters, then full-text), narrowed to the changed ids.
    indexed, source = indexed_type("case-studies"), fallback.SOURCES["case_study"]
    matches = []
    for q, filters in searches:
        queryset = fallback._filtered(indexed, source, request_for(q, filters))
        if queryset is None:
            matches.append(set())
            continue
        matches.append(set(queryset.filter(pk__in=among).order_by().values_list("pk", flat=True)))
    return matches


def _elasticsearch_matches(searches, among: list[int]) -> list[set[int]]:
    index = es.index_name("case-studies")
    body = []
    for q, filters in searches:
        search = search_selectors.build_search(request_for(q, filters, size=len(among)), facets=False, highlights=False)
        search = search.filter("ids", values=[str(pk) for pk in among]).source(False).extra(track_total_hits=False)
        body += [{"index": index, "ignore_unavailable": True}, search.to_dict()]
    answer = es.get_client().msearch(body=body).body
    es.breaker.record_success()
    matches = []
    for response in answer["responses"]:
        if "error" in response:
            logger.warning("A saved search failed in Elasticsearch: %s", response["error"])
            matches.append(set())
            continue
        matches.append({int(hit["_id"]) for hit in response["hits"]["hits"]})
    return matches
