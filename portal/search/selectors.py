"""Searching the evidence: one interface answered by Elasticsearch or, in reduced mode, the database."""

import logging
import time
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from elasticsearch.dsl import Q as EsQ
from elasticsearch.dsl import Search

from portal.practices.models import EvidenceLevel, Region, ServiceArea
from portal.practices.selectors import live_principles
from portal.search import client as es
from portal.search import fallback
from portal.search.promotions import promotions_for
from portal.search.registry import indexed_types, kind_labels
from portal.search.services import ELASTICSEARCH_ERRORS

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_RESULT_WINDOW = 1000  # how deep anyone may page
MAX_FILTER_VALUES = 20
SUGGESTIONS = 8
SORTS = {"relevance": "Relevance", "newest": "Newest first", "evidence": "Strongest evidence first"}

# name in the URL -> document field
FACETS = {
    "type": "kind",
    "service_area": "service_area",
    "region": "region",
    "principle": "principles",
    "evidence": "evidence_level",
    "year": "year",
    "organisation_kind": "organisation_kinds",
}
FACET_LABELS = {
    "type": "Type",
    "service_area": "Service area",
    "region": "Region",
    "principle": "Principle applied",
    "evidence": "Evidence level",
    "year": "Start year",
    "organisation_kind": "Organisation kind",
}
NUMERIC_FACETS = {"evidence", "year"}


class BadSearchRequest(ValueError):
    """Input we cannot search with; the message is shown to the user."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def query_string_without_filters(self) -> str:
        from urllib.parse import urlencode

        return urlencode([("q", self.q)] + ([("sort", self.sort)] if self.sort != "relevance" else []))

    def query_string(self, **changes) -> str:
        from urllib.parse import urlencode

        params = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            params.extend((name, value) for value in values)
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        params = [(k, v) for k, v in params if k not in changes] + [(k, v) for k, v in changes.items() if v]
        return urlencode(params)


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[dict]
    facets: dict[str, list[dict]]
    suggestion: str = ""
    reduced_mode: str = ""  # why the database answered instead of Elasticsearch
    promotions: list[dict] = field(default_factory=list)  # editors' picks for this query

    @property
    def pages(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, -(-reachable // self.request.size))


def _integer(value: str, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadSearchRequest(f"'{name}' must be a whole number.") from None
    if not low <= number <= high:
        raise BadSearchRequest(f"'{name}' must be between {low} and {high}.")
    return number


def _printable(text: str) -> str:
    """Control characters (NUL included, which PostgreSQL refuses) become spaces; runs of space collapse."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def parse_search_request(params, paged: bool = True) -> SearchRequest:
    """Validate query parameters; raises BadSearchRequest with a message a person can act on.

    An export is not paged: its page and size parameters are ignored.
    """
    q = _printable(params.get("q", ""))
    if len(q) > MAX_QUERY_LENGTH:
        raise BadSearchRequest(f"Search terms are limited to {MAX_QUERY_LENGTH} characters.")
    filters = {}
    for name in FACETS:
        values = [_printable(value)[:100] for value in params.getlist(name) if _printable(value)]
        if len(values) > MAX_FILTER_VALUES:
            raise BadSearchRequest(f"Choose at most {MAX_FILTER_VALUES} values for '{name}'.")
        if name == "evidence":
            values = [str(_integer(value, name, 1, 5)) for value in values]
        elif name == "year":
            values = [str(_integer(value, name, 1900, 2100)) for value in values]
        if values:
            filters[name] = list(dict.fromkeys(values))
    sort = params.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadSearchRequest(f"'sort' must be one of: {', '.join(SORTS)}.")
    if not paged:
        return SearchRequest(q=q, filters=filters, sort=sort)
    size = _integer(params.get("size", DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE, "size", 1, MAX_PAGE_SIZE)
    page = _integer(params.get("page", 1) or 1, "page", 1, MAX_RESULT_WINDOW)
    if page * size > MAX_RESULT_WINDOW and page > 1:
        raise BadSearchRequest(
            f"Results can be paged to the first {MAX_RESULT_WINDOW}; narrow the search with filters instead."
        )
    return SearchRequest(q=q, filters=filters, sort=sort, page=page, size=size)


def search(request: SearchRequest) -> SearchResults:
    """Search with Elasticsearch when it answers; otherwise the database, saying so; with editors' picks."""
    results = _engine_search(request)
    results.promotions = promotions_for(request.q)
    return results


def _engine_search(request: SearchRequest) -> SearchResults:
    reason = _unavailable_reason()
    if not reason:
        try:
            results = _elasticsearch_search(request)
            es.breaker.record_success()
            return results
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Search fell back to the database: %s", exc)
            reason = "the search engine did not answer"
        except Exception:  # a surprise in the engine's answer must not cost the user their search
            logger.exception("Search failed unexpectedly; answering from the database")
            reason = "the search engine gave an answer we could not read"
    results = _database_search(request)
    results.reduced_mode = reason
    return results


def _unavailable_reason() -> str:
    if not es.is_configured():
        return "the search engine is not configured"
    if es.breaker.is_open:
        return "the search engine did not answer a moment ago"
    return ""


# --- Elasticsearch --------------------------------------------------------------------------------


def _aliases() -> list[str]:
    return [es.index_name(indexed.name) for indexed in indexed_types()]


def _filter_clause(name: str, values: list[str]):
    return EsQ("terms", **{FACETS[name]: values})


def _text_query(q: str):
    if not q:
        return EsQ("match_all")
    return EsQ(
        "multi_match",
        query=q,
        fields=["title^4", "summary^2", "body", "organisations"],
        type="best_fields",
        operator="or",
        minimum_should_match="2<75%",
    )


def _scored(query):
    # Stronger evidence and newer work rank a little higher among equally relevant results.
    return EsQ(
        "function_score",
        query=query,
        functions=[
            {"field_value_factor": {"field": "evidence_level", "modifier": "log1p", "missing": 1}},
            {"gauss": {"published_at": {"origin": "now", "scale": "730d", "decay": 0.8}}, "weight": 1},
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


def build_search(request: SearchRequest, facets: bool = True, highlights: bool = True) -> Search:
    """The Elasticsearch request for a search: the endpoint sends exactly this (and so does the benchmark)."""
    # A type whose index does not exist yet (nothing published) must not break the others.
    search = (
        Search(using=es.get_client(), index=_aliases())
        .params(ignore_unavailable=True, allow_no_indices=True)
        .query(_scored(_text_query(request.q)))
    )
    # Multi-select facets: the results obey every filter; each facet's counts obey all the others.
    if request.filters:
        search = search.post_filter(EsQ("bool", filter=[_filter_clause(n, v) for n, v in request.filters.items()]))
    if facets:
        for name, field_name in FACETS.items():
            others = [_filter_clause(n, v) for n, v in request.filters.items() if n != name]
            bucket = search.aggs.bucket(name, "filter", filter=EsQ("bool", filter=others))
            bucket.bucket("values", "terms", field=field_name, size=50)
    if request.sort == "newest":
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}}, "_score")
    elif request.sort == "evidence":
        search = search.sort({"evidence_level": {"order": "desc", "missing": "_last"}}, "_score")
    if highlights:
        search = search.highlight("title", "summary", "body", fragment_size=160, number_of_fragments=2)
        search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
        if request.q:
            search = search.suggest("spelling", request.q, term={"field": "spell", "suggest_mode": "missing"})
        search = search.source(excludes=["body", "spell", "suggest"])
    else:
        search = search.source(excludes=["body", "spell", "suggest", "organisations"])
    return search.extra(track_total_hits=True)[request.offset : request.offset + request.size]


def _answer(search: Search) -> dict:
    """Send a built search; Elasticsearch's answer as plain dicts.

    What `Search.execute()` sends, without wrapping the answer in elasticsearch-dsl's response
    objects, which took longer than building the request.
    """
    return es.get_client().search(index=search._index, body=search.to_dict(), **search._params).body


def _elasticsearch_search(request: SearchRequest) -> SearchResults:
    answer = _answer(build_search(request))
    aggregations = answer.get("aggregations", {})
    facets = {
        name: [(bucket["key"], bucket["doc_count"]) for bucket in aggregations[name]["values"]["buckets"]]
        for name in FACETS
    }
    return SearchResults(
        request=request,
        total=answer["hits"]["total"]["value"],
        hits=[_hit_from_elasticsearch(hit) for hit in answer["hits"]["hits"]],
        facets=_labelled_facets(facets, request),
        suggestion=_spelling_suggestion(answer, request.q),
    )


def export_rows(request: SearchRequest, cap: int) -> tuple[list[dict], int, str]:
    """Up to `cap` results of a search in one request, no facets; with the total and any reduced-mode reason."""
    request = SearchRequest(q=request.q, filters=request.filters, sort=request.sort, page=1, size=cap)
    reason = _unavailable_reason()
    if not reason:
        try:
            answer = _answer(build_search(request, facets=False, highlights=False))
            es.breaker.record_success()
            hits = [_hit_from_elasticsearch(hit) for hit in answer["hits"]["hits"]]
            return hits, answer["hits"]["total"]["value"], ""
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Export fell back to the database: %s", exc)
            reason = "the search engine did not answer"
    total, documents, _ = fallback.database_search(request, facets=False)
    return [_hit_from_document(kind, object_id, document) for kind, object_id, document in documents], total, reason


def _hit_from_elasticsearch(hit: dict) -> dict:
    highlight = hit.get("highlight", {})
    snippets = [snippet for field_name in ("summary", "body", "title") for snippet in highlight.get(field_name, [])]
    # HTML-escaped by Elasticsearch except for <mark>
    return _hit_from_document(hit["_source"]["kind"], hit["_id"], hit["_source"], snippets[:2])


def _hit_from_document(kind: str, object_id: str, document: dict, highlights: list[str] | None = None) -> dict:
    """One result, the same from a search hit and from a document serialized in reduced mode."""
    published = document.get("published_at")
    return {
        "kind": kind,
        "id": str(object_id),
        "title": document.get("title") or "",
        "url": document.get("url") or "",
        "summary": document.get("summary") or "",
        "highlights": highlights or [],
        "service_area": document.get("service_area_name"),
        "region": document.get("region_name"),
        "evidence_level": document.get("evidence_level"),
        "year": document.get("year"),
        "published_at": published.isoformat() if hasattr(published, "isoformat") else published,
    }


def _spelling_suggestion(answer: dict, q: str) -> str:
    suggestions = answer.get("suggest", {})
    if not q or "spelling" not in suggestions:
        return ""
    # Each misspelt word is replaced where it was typed; the rest of the query stays as it was.
    corrected = q
    for entry in sorted(suggestions["spelling"], key=lambda entry: entry["offset"], reverse=True):
        if entry["options"]:
            start = entry["offset"]
            corrected = corrected[:start] + entry["options"][0]["text"] + corrected[start + entry["length"] :]
    return corrected if corrected != q else ""


def suggest(q: str) -> list[dict]:
    """Titles that complete what someone is typing (fewer than ten)."""
    q = " ".join(q.split())[:100]
    if not q:
        return []
    if not _unavailable_reason():
        try:
            search = (
                Search(using=es.get_client(), index=_aliases())
                .params(ignore_unavailable=True)
                .query(
                    "multi_match",
                    query=q,
                    type="bool_prefix",
                    # Every word typed, the last as a prefix: "time ba" is not every title with a "ba...".
                    operator="and",
                    fields=["suggest", "suggest._2gram", "suggest._3gram"],
                )
            )
            response = search.source(["title", "url", "kind"])[:SUGGESTIONS].execute()
            return [{"title": hit.title, "url": hit.url, "kind": hit.kind} for hit in response]
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Suggestions fell back to the database: %s", exc)
    return fallback.suggest_titles(q, SUGGESTIONS)


def more_like_this(page, size: int = 4) -> list[dict]:
    """Case studies like this one, or none when the search engine is unavailable."""
    if _unavailable_reason():
        return []
    try:
        alias = es.index_name("case-studies")
        search = Search(using=es.get_client(), index=alias).query(
            "more_like_this",
            fields=["title", "summary", "body"],
            like=[{"_index": alias, "_id": str(page.pk)}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="10%",
        )
        return [_hit_from_elasticsearch(hit) for hit in _answer(search[:size])["hits"]["hits"]]
    except ELASTICSEARCH_ERRORS as exc:
        es.breaker.record_failure()
        logger.warning("More like this unavailable: %s", exc)
        return []


# --- the database, in reduced mode ----------------------------------------------------------------


def _database_search(request: SearchRequest) -> SearchResults:
    """The same answer from the database: every type, the same facets, plain snippets."""
    total, documents, facets = fallback.database_search(request)
    return SearchResults(
        request=request,
        total=total,
        hits=[_hit_from_document(kind, object_id, document) for kind, object_id, document in documents],
        facets=_labelled_facets(facets, request),
    )


# --- labels ---------------------------------------------------------------------------------------


LABEL_CACHE_SECONDS = 60
_label_cache = {"labels": None, "since": 0.0}


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Human names for the slugs and numbers facets carry; looked up at most once a minute."""
    now = time.monotonic()
    if _label_cache["labels"] is None or now - _label_cache["since"] > LABEL_CACHE_SECONDS:
        _label_cache.update(labels=_facet_value_labels(), since=now)
    return _label_cache["labels"]


def forget_facet_labels() -> None:
    """Drop cached labels (after taxonomies change, and between tests)."""
    _label_cache.update(labels=None, since=0.0)


def _facet_value_labels() -> dict[str, dict[str, str]]:
    return {
        "type": kind_labels(),
        "service_area": dict(ServiceArea.objects.values_list("slug", "name")),
        "region": dict(Region.objects.values_list("slug", "name")),
        "principle": dict(live_principles().values_list("slug", "title")),
        "evidence": {str(value): f"Level {value}" for value in EvidenceLevel.values},
        "organisation_kind": dict(_organisation_kinds()),
    }


def _organisation_kinds():
    from portal.network.models import OrganisationKind

    return OrganisationKind.choices


def _labelled_facets(raw: dict, request: SearchRequest) -> dict[str, list[dict]]:
    labels = facet_value_labels()
    facets = {}
    for name in FACETS:
        selected = set(request.filters.get(name, []))
        entries = [
            {
                "value": str(value),
                "label": labels.get(name, {}).get(str(value), str(value)),
                "count": count,
                "selected": str(value) in selected,
            }
            for value, count in raw.get(name, [])
        ]
        if name in NUMERIC_FACETS:
            entries.sort(key=lambda entry: int(entry["value"]), reverse=(name == "year"))
        # A chosen value stays visible (with 0) so it can be unticked.
        shown = {entry["value"] for entry in entries}
        entries += [
            {"value": value, "label": labels.get(name, {}).get(value, value), "count": 0, "selected": True}
            for value in selected - shown
        ]
        facets[name] = entries
    return facets


# --- evidence gap map -----------------------------------------------------------------------------


@dataclass
class GapMap:
    service_areas: list
    principles: list
    rows: list[dict]  # per service area: {"service_area", "cells": [{"count", "levels", "url"}]}
    reduced_mode: str = ""


def evidence_gap_map() -> GapMap:
    """Case studies per service area and principle, with their evidence levels; empty cells are gaps."""
    reason = _unavailable_reason()
    counts = None
    if not reason:
        try:
            counts = _gap_counts_from_elasticsearch()
            es.breaker.record_success()
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Gap map fell back to the database: %s", exc)
            reason = "the search engine did not answer"
    if counts is None:
        counts = fallback.gap_counts()
    service_areas = list(
        ServiceArea.objects.annotate(
            case_study_count=Count("case_studies", filter=Q(case_studies__live=True), distinct=True)
        ).order_by("name")
    )
    principles = list(live_principles())
    search_url = reverse("search:search")
    rows = []
    for area in service_areas:
        cells = []
        for principle in principles:
            levels = counts.get((area.slug, principle.slug), {})
            cells.append(
                {
                    "principle": principle,
                    "count": sum(levels.values()),
                    "levels": [(level, levels.get(level, 0)) for level in EvidenceLevel.values],
                    "strongest": max(levels) if levels else None,
                    "url": f"{search_url}?type=case_study&service_area={area.slug}&principle={principle.slug}",
                }
            )
        rows.append({"service_area": area, "cells": cells, "total": area.case_study_count})
    return GapMap(service_areas=service_areas, principles=principles, rows=rows, reduced_mode=reason)


def _gap_counts_from_elasticsearch() -> dict:
    search = Search(using=es.get_client(), index=es.index_name("case-studies")).extra(size=0)
    areas = search.aggs.bucket("areas", "terms", field="service_area", size=100)
    principles = areas.bucket("principles", "terms", field="principles", size=50)
    principles.bucket("levels", "terms", field="evidence_level", size=5)
    response = search.execute()
    counts = {}
    for area in response.aggregations.areas.buckets:
        for principle in area.principles.buckets:
            counts[(area.key, principle.key)] = {int(b.key): b.doc_count for b in principle.levels.buckets}
    return counts
