"""Searching the evidence: one interface answered by Elasticsearch or, in reduced mode, the database."""

import logging
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from elasticsearch.dsl import Q as EsQ
from elasticsearch.dsl import Search

from portal.network.indexing import indexable_profiles
from portal.practices.indexing import indexable_case_studies, indexable_principles
from portal.practices.models import EvidenceLevel, PrincipleApplication, Region, ServiceArea
from portal.practices.selectors import live_principles
from portal.search import client as es
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


def parse_search_request(params) -> SearchRequest:
    """Validate query parameters; raises BadSearchRequest with a message a person can act on."""
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadSearchRequest(f"Search terms are limited to {MAX_QUERY_LENGTH} characters.")
    if "\x00" in q:
        raise BadSearchRequest("Search terms contain characters that cannot be searched.")
    filters = {}
    for name in FACETS:
        values = [value.strip()[:100] for value in params.getlist(name) if value.strip()]
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
    size = _integer(params.get("size", DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE, "size", 1, MAX_PAGE_SIZE)
    page = _integer(params.get("page", 1) or 1, "page", 1, MAX_RESULT_WINDOW)
    if page * size > MAX_RESULT_WINDOW and page > 1:
        raise BadSearchRequest(
            f"Results can be paged to the first {MAX_RESULT_WINDOW}; narrow the search with filters instead."
        )
    return SearchRequest(q=q, filters=filters, sort=sort, page=page, size=size)


def search(request: SearchRequest) -> SearchResults:
    """Search with Elasticsearch when it answers; otherwise the database, saying so."""
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


def _base_search(request: SearchRequest) -> Search:
    # A type whose index does not exist yet (nothing published) must not break the others.
    search = (
        Search(using=es.get_client(), index=_aliases())
        .params(ignore_unavailable=True, allow_no_indices=True)
        .query(_scored(_text_query(request.q)))
    )
    # Multi-select facets: the results obey every filter; each facet's counts obey all the others.
    if request.filters:
        search = search.post_filter(EsQ("bool", filter=[_filter_clause(n, v) for n, v in request.filters.items()]))
    for name, field_name in FACETS.items():
        others = [_filter_clause(n, v) for n, v in request.filters.items() if n != name]
        bucket = search.aggs.bucket(name, "filter", filter=EsQ("bool", filter=others))
        bucket.bucket("values", "terms", field=field_name, size=50)
    return search


def _elasticsearch_search(request: SearchRequest) -> SearchResults:
    search = _base_search(request)
    if request.sort == "newest":
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}}, "_score")
    elif request.sort == "evidence":
        search = search.sort({"evidence_level": {"order": "desc", "missing": "_last"}}, "_score")
    search = search.highlight("title", "summary", "body", fragment_size=160, number_of_fragments=2)
    search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    if request.q:
        search = search.suggest("spelling", request.q, term={"field": "spell", "suggest_mode": "missing"})
    search = search.extra(track_total_hits=True)[request.offset : request.offset + request.size]
    response = search.execute()
    hits = [_hit_from_elasticsearch(hit) for hit in response]
    facets = {
        name: [(bucket.key, bucket.doc_count) for bucket in response.aggregations[name]["values"].buckets]
        for name in FACETS
    }
    return SearchResults(
        request=request,
        total=response.hits.total.value,
        hits=hits,
        facets=_labelled_facets(facets, request),
        suggestion=_spelling_suggestion(response, request.q),
    )


def _hit_from_elasticsearch(hit) -> dict:
    highlight = getattr(hit.meta, "highlight", None)
    snippets = []
    if highlight:
        for field_name in ("summary", "body", "title"):
            snippets.extend(getattr(highlight, field_name, []))
    return {
        "kind": hit.kind,
        "id": hit.meta.id,
        "title": hit.title,
        "url": hit.url,
        "summary": getattr(hit, "summary", "") or "",
        "highlights": snippets[:2],  # HTML-escaped by Elasticsearch except for <mark>
        "service_area": getattr(hit, "service_area_name", None),
        "region": getattr(hit, "region_name", None),
        "evidence_level": getattr(hit, "evidence_level", None),
        "year": getattr(hit, "year", None),
        "published_at": getattr(hit, "published_at", None),
    }


def _spelling_suggestion(response, q: str) -> str:
    suggestions = getattr(response, "suggest", None)
    if not q or suggestions is None or "spelling" not in suggestions:
        return ""
    words, changed = [], False
    for entry in suggestions["spelling"]:
        options = list(entry.options)
        if options:
            words.append(options[0].text)
            changed = True
        else:
            words.append(entry.text)
    return " ".join(words) if changed else ""


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
                    fields=["suggest", "suggest._2gram", "suggest._3gram"],
                )
            )
            response = search.source(["title", "url", "kind"])[:SUGGESTIONS].execute()
            return [{"title": hit.title, "url": hit.url, "kind": hit.kind} for hit in response]
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("Suggestions fell back to the database: %s", exc)
    return [
        {"title": page.title, "url": page.url, "kind": "case_study"}
        for page in indexable_case_studies().filter(title__icontains=q)[:SUGGESTIONS]
    ]


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
        return [_hit_from_elasticsearch(hit) for hit in search[:size].execute()]
    except ELASTICSEARCH_ERRORS as exc:
        es.breaker.record_failure()
        logger.warning("More like this unavailable: %s", exc)
        return []


# --- the database, in reduced mode ----------------------------------------------------------------


def _text_filter(queryset, q: str, fields: list[str]):
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="english")
        query = SearchQuery(q, search_type="websearch", config="english")
        return queryset.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank")
    words = Q()
    for word in q.split()[:10]:
        words &= Q(**{f"{fields[0]}__icontains": word}) | Q(**{f"{fields[1]}__icontains": word})
    return queryset.filter(words)


def _case_study_queryset(request: SearchRequest, skip: str | None = None):
    queryset = indexable_case_studies()
    filters = {name: values for name, values in request.filters.items() if name != skip}
    if "service_area" in filters:
        queryset = queryset.filter(service_area__slug__in=filters["service_area"])
    if "region" in filters:
        queryset = queryset.filter(region__slug__in=filters["region"])
    if "principle" in filters:
        applying = PrincipleApplication.objects.filter(principle__slug__in=filters["principle"])
        queryset = queryset.filter(pk__in=applying.values("page_id"))
    if "evidence" in filters:
        queryset = queryset.filter(evidence_level__in=[int(v) for v in filters["evidence"]])
    if "year" in filters:
        queryset = queryset.filter(start_year__in=[int(v) for v in filters["year"]])
    if "organisation_kind" in filters:
        queryset = queryset.filter(organisation_links__organisation__kind__in=filters["organisation_kind"])
    return _text_filter(queryset, request.q, ["title", "summary"]).distinct()


def _case_study_only_filters(request: SearchRequest) -> bool:
    return any(name not in ("type", "principle") for name in request.filters)


def _database_search(request: SearchRequest) -> SearchResults:
    """The same answer from the database: case studies, principles and practitioners; plain snippets."""
    wanted = set(request.filters.get("type", [])) or {"case_study", "principle", "profile"}
    case_studies = list(_case_study_queryset(request)) if "case_study" in wanted else []
    others = []
    if not _case_study_only_filters(request):
        if "principle" in wanted:
            principles = indexable_principles()
            if "principle" in request.filters:
                principles = principles.filter(slug__in=request.filters["principle"])
            others += [("principle", p) for p in _text_filter(principles, request.q, ["title", "summary"])]
        if "profile" in wanted and "principle" not in request.filters:
            profiles = indexable_profiles()
            others += [("profile", p) for p in _text_filter(profiles, request.q, ["display_name", "headline"])]
    if request.sort == "newest":
        case_studies.sort(key=lambda page: page.first_published_at, reverse=True)
    elif request.sort == "evidence":
        case_studies.sort(key=lambda page: page.evidence_level, reverse=True)
    rows = [("case_study", page) for page in case_studies] + others
    window = rows[request.offset : request.offset + request.size]
    return SearchResults(
        request=request,
        total=len(rows),
        hits=[_hit_from_database(kind, obj) for kind, obj in window],
        facets=_labelled_facets(_database_facets(request, len(case_studies), len(others)), request),
    )


def _hit_from_database(kind: str, obj) -> dict:
    if kind == "profile":
        from django.contrib.auth.models import AnonymousUser

        from portal.network.selectors import public_profile

        public = public_profile(obj, AnonymousUser())
        return {
            "kind": kind,
            "id": str(obj.pk),
            "title": public.display_name,
            "url": public.url,
            "summary": public.headline,
            "highlights": [],
        }
    hit = {
        "kind": kind,
        "id": str(obj.pk),
        "title": obj.title,
        "url": obj.url,
        "summary": obj.summary,
        "highlights": [],
        "published_at": obj.first_published_at,
    }
    if kind == "case_study":
        hit.update(
            service_area=str(obj.service_area) if obj.service_area else None,
            region=str(obj.region) if obj.region else None,
            evidence_level=obj.evidence_level,
            year=obj.start_year,
        )
    return hit


def _database_facets(request: SearchRequest, case_study_count: int, other_count: int) -> dict:
    lookups = {
        "service_area": "service_area__slug",
        "region": "region__slug",
        "principle": "principle_applications__principle__slug",
        "evidence": "evidence_level",
        "year": "start_year",
        "organisation_kind": "organisation_links__organisation__kind",
    }
    facets = {"type": [("case_study", case_study_count)] + ([("other", other_count)] if other_count else [])}
    for name, lookup in lookups.items():
        rows = (
            _case_study_queryset(request, skip=name)
            .order_by()
            .values(lookup)
            .annotate(count=Count("pk", distinct=True))
        )
        facets[name] = [(row[lookup], row["count"]) for row in rows if row[lookup] is not None]
    return facets


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
        "type": {**kind_labels(), "other": "Principles and practitioners"},
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
        counts = _gap_counts_from_database()
    service_areas = list(
        ServiceArea.objects.annotate(
            case_study_count=Count("case_studies", filter=Q(case_studies__live=True), distinct=True)
        ).order_by("name")
    )
    principles = list(live_principles())
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
                    "url": f"/search/?type=case_study&service_area={area.slug}&principle={principle.slug}",
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


def _gap_counts_from_database() -> dict:
    rows = (
        PrincipleApplication.objects.filter(page__live=True, page__service_area__isnull=False)
        .values("page__service_area__slug", "principle__slug", "page__evidence_level")
        .annotate(count=Count("page", distinct=True))
    )
    counts = {}
    for row in rows:
        key = (row["page__service_area__slug"], row["principle__slug"])
        counts.setdefault(key, {})[row["page__evidence_level"]] = row["count"]
    return counts
