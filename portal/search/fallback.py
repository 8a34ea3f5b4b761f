"""Reduced mode: the search answered from the database when Elasticsearch cannot answer.

It mirrors the index: the same types, the same facets (a type takes part in a facet only when
its documents carry that field), and hits built by the same serializers. Text matching is
PostgreSQL full-text search, or plain word matching on SQLite; there are no highlights.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q

from portal.search.registry import IndexedType, indexed_types

MAX_TEXT_WORDS = 10


@dataclass(frozen=True)
class DatabaseSource:
    kind: str
    text_fields: tuple[str, ...]
    date_field: str
    facets: dict[str, str] = field(default_factory=dict)  # facet name -> lookup
    # Facet lookups and text fields on values their owner may hide: only public ones count.
    private: dict[str, str] = field(default_factory=dict)  # facet or text field -> visibility key


SOURCES = {
    "case_study": DatabaseSource(
        "case_study",
        ("title", "summary"),
        "first_published_at",
        {
            "service_area": "service_area__slug",
            "region": "region__slug",
            "principle": "principle_applications__principle__slug",
            "evidence": "evidence_level",
            "year": "start_year",
            "organisation_kind": "organisation_links__organisation__kind",
        },
    ),
    "principle": DatabaseSource("principle", ("title", "summary"), "first_published_at", {"principle": "slug"}),
    "profile": DatabaseSource(
        "profile",
        ("display_name", "headline"),
        "created_at",
        {"region": "region__slug", "principle": "principles__slug"},
        private={"region": "region", "principle": "principles", "headline": "headline"},
    ),
    "topic": DatabaseSource("topic", ("title", "body"), "created_at", {"principle": "principle__slug"}),
}


def _public(key: str) -> Q:
    from portal.network.selectors import audience_of, visible_to

    return visible_to(key, audience_of(AnonymousUser()))


def _text_filter(queryset, source: DatabaseSource, q: str):
    if not q:
        return queryset
    public_fields = [name for name in source.text_fields if name not in source.private]
    private_fields = [name for name in source.text_fields if name in source.private]
    if connection.vendor == "postgresql" and not private_fields:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*public_fields, config="english")
        query = SearchQuery(q, search_type="websearch", config="english")
        # Matched with @@: ts_rank gives objects that do not match 1e-20, not 0.
        return (
            queryset.annotate(text=vector, rank=SearchRank(vector, query)).filter(text=query).order_by("-rank", "-pk")
        )
    matched = Q()
    for word in q.split()[:MAX_TEXT_WORDS]:
        either = Q()
        for name in public_fields:
            either |= Q(**{f"{name}__icontains": word})
        for name in private_fields:
            either |= Q(**{f"{name}__icontains": word}) & _public(source.private[name])
        matched &= either
    return queryset.filter(matched)


def _filtered(indexed: IndexedType, source: DatabaseSource, request, skip: str | None = None):
    """This type's objects matching the request, or None when a filter names a field it lacks."""
    filters = {name: values for name, values in request.filters.items() if name != skip}
    if "type" in filters and source.kind not in filters["type"]:
        return None
    queryset = indexed.queryset()
    for name, values in filters.items():
        if name == "type":
            continue
        if name not in source.facets:
            return None  # as in Elasticsearch: a document without the field matches no filter on it
        condition = Q(**{f"{source.facets[name]}__in": values})
        if name in source.private:
            condition &= _public(source.private[name])
        queryset = queryset.filter(pk__in=indexed.queryset().model.objects.filter(condition).values("pk"))
    return _text_filter(queryset, source, request.q)


def _sources():
    return [(indexed, SOURCES[indexed.kind]) for indexed in indexed_types() if indexed.kind in SOURCES]


def _sort_key(source: DatabaseSource, request, position: int, obj):
    if request.sort == "newest":
        moment = getattr(obj, source.date_field)
        return (0, -moment.timestamp() if moment else 0)
    if request.sort == "evidence":
        return (-(getattr(obj, "evidence_level", 0) or 0), position)
    return (position,)


def database_search(request, facets: bool = True) -> tuple[int, list[tuple[str, str, dict]], dict]:
    """Total, one page of (kind, id, document) and raw facet counts, straight from the database."""
    total = 0
    candidates = []
    wanted = request.offset + request.size
    for rank, (indexed, source) in enumerate(_sources()):
        queryset = _filtered(indexed, source, request)
        if queryset is None:
            continue
        total += queryset.count()
        if request.sort == "newest":
            queryset = queryset.order_by("-" + source.date_field, "-pk")
        elif request.sort == "evidence" and source.kind == "case_study":
            queryset = queryset.order_by("-evidence_level", "-pk")
        # Only the first `wanted` of each type can be on this page: no more are read.
        for position, obj in enumerate(queryset[:wanted]):
            key = _sort_key(source, request, rank * 10_000 + position, obj)
            candidates.append((key, indexed, obj))
    candidates.sort(key=lambda entry: entry[0])
    window = candidates[request.offset : wanted]
    # One documents() call per type, so related data is read in bulk, then back in window order.
    documents = {}
    for indexed in {indexed for _, indexed, _ in window}:
        objects = [obj for _, of_type, obj in window if of_type is indexed]
        documents.update({(indexed.kind, object_id): doc for object_id, doc in indexed.documents(objects)})
    hits = [(indexed.kind, str(obj.pk), documents[(indexed.kind, str(obj.pk))]) for _, indexed, obj in window]
    return total, hits, database_facets(request) if facets else {}


def database_facets(request) -> dict[str, list[tuple[str, int]]]:
    from portal.search.selectors import FACETS

    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for indexed, source in _sources():
        without_type = _filtered(indexed, source, request, skip="type")
        if without_type is not None:
            facets["type"][source.kind] = without_type.count()
        for name, lookup in source.facets.items():
            queryset = _filtered(indexed, source, request, skip=name)
            if queryset is None:
                continue
            if name in source.private:
                queryset = queryset.filter(_public(source.private[name]))
            rows = (
                queryset.order_by()
                .filter(**{f"{lookup}__isnull": False})
                .values(lookup)
                .annotate(count=Count("pk", distinct=True))
            )
            for row in rows:
                value = str(row[lookup])
                facets[name][value] = facets[name].get(value, 0) + row["count"]
    return {name: sorted(counts.items(), key=lambda item: -item[1]) for name, counts in facets.items()}


def suggest_titles(q: str, limit: int) -> list[dict]:
    """Titles containing what was typed, case studies first."""
    found = []
    for indexed, source in _sources():
        title_field = source.text_fields[0]
        matches = indexed.queryset().filter(**{f"{title_field}__icontains": q})[: limit - len(found)]
        for _, document in indexed.documents(matches):
            found.append({"title": document["title"], "url": document["url"], "kind": indexed.kind})
        if len(found) >= limit:
            break
    return found


def gap_counts() -> dict:
    """(service area slug, principle slug) -> {evidence level: case studies}, from the database."""
    from portal.practices.indexing import indexable_case_studies
    from portal.practices.models import PrincipleApplication

    rows = (
        PrincipleApplication.objects.filter(
            page__in=indexable_case_studies().order_by().values("pk"), page__service_area__isnull=False
        )
        .values("page__service_area__slug", "principle__slug", "page__evidence_level")
        .annotate(count=Count("page", distinct=True))
    )
    counts = {}
    for row in rows:
        key = (row["page__service_area__slug"], row["principle__slug"])
        counts.setdefault(key, {})[row["page__evidence_level"]] = row["count"]
    return counts
