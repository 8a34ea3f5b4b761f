"""The one module through which evidence uses search: parsing a search, running it, restricting it to ids.

Everything evidence needs from `portal.search` passes here, so a change there is followed in this file alone.
"""

from django.http import QueryDict

from portal.search import selectors as search_selectors
from portal.search.forms import parse_search_request
from portal.search.results import FACETS, BadSearchRequest, SearchRequest

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
    """For each (query, filters), which of these case studies it finds now (the changed-since-last-run restriction)."""
    among = sorted({int(pk) for pk in among_ids})
    requests = [request_for(q, filters, size=max(len(among), 1)) for q, filters in searches]
    return search_selectors.matching_case_study_ids(requests, among)
