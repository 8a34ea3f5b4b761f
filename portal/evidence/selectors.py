"""Reads of evidence packs: a member's packs, one pack's published case studies, in chunks for exports."""

import json
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from portal.evidence.citations import Citation, site_name
from portal.evidence.models import EvidencePack, PackItem, SavedSearch, SavedSearchHit, SearchRecord
from portal.practices.selectors import live_case_studies, live_principles, principle_profile
from portal.taxonomy.models import ServiceArea

EXPORT_CHUNK = 200


def _published_ids():
    # An unpublished (or private) case study drops out of every pack without an error.
    return live_case_studies().order_by().values("pk")


def packs_of(user):
    """A member's packs, newest change first, with how many published case studies each holds."""
    return EvidencePack.objects.filter(owner=user).annotate(
        item_count=Count("items", filter=Q(items__case_study__in=_published_ids()))
    )


def pack_of(user, pack_id):
    """One of a member's own packs, or None."""
    return EvidencePack.objects.filter(owner=user, pk=pack_id).first()


def shared_pack(token: str):
    """The pack a secret link opens, or None when the link is wrong or revoked."""
    if not token or len(token) > 64:
        return None
    return EvidencePack.objects.filter(share_token=token).select_related("owner").first()


def pack_items(pack: EvidencePack):
    """The pack's published case studies in the order they were added, each with its note."""
    return (
        PackItem.objects.filter(pack=pack, case_study__in=_published_ids())
        .select_related("case_study", "case_study__service_area", "case_study__region")
        .order_by("added_at", "pk")
    )


def item_count(pack: EvidencePack) -> int:
    """How many published case studies a pack holds."""
    return pack_items(pack).count()


def packs_holding(user, case_study_id: int) -> set[int]:
    """Ids of a member's packs that already hold this case study."""
    return set(PackItem.objects.filter(pack__owner=user, case_study_id=case_study_id).values_list("pack_id", flat=True))


def pack_entries(pack: EvidencePack, limit: int | None = None) -> Iterator[dict]:
    """Each published case study of a pack with what exports and the brief need, read in chunks.

    Yields {"item", "case_study", "profile", "measures"}; a chunk of EXPORT_CHUNK items costs a fixed
    number of queries, so a pack of any size streams in constant memory.
    """
    principles = list(live_principles())
    items = pack_items(pack).prefetch_related(
        "case_study__principle_applications__principle",
        "case_study__impact_measures",
        "case_study__contributors",
        "case_study__organisation_links__organisation",
    )
    remaining = limit if limit is not None else float("inf")
    last = None
    while remaining > 0:
        chunk = items
        if last is not None:
            chunk = chunk.filter(Q(added_at__gt=last.added_at) | Q(added_at=last.added_at, pk__gt=last.pk))
        size = int(min(EXPORT_CHUNK, remaining))
        rows = list(chunk[:size])
        for item in rows:
            yield {
                "item": item,
                "case_study": item.case_study,
                "profile": principle_profile(item.case_study, principles),
                "measures": list(item.case_study.impact_measures.all()),
            }
        if len(rows) < size:
            return
        remaining -= len(rows)
        last = rows[-1]


def citation_for(case_study, *, absolute, accessed, revision_id=None, published_at=None) -> Citation:
    """How to cite one published version of a case study (its live one unless another is given).

    `absolute` turns a path into a full address (request.build_absolute_uri in a request).
    """
    revision_id = revision_id or case_study.live_revision_id
    published_at = published_at or case_study.last_published_at or case_study.first_published_at
    issued = timezone.localdate(published_at) if published_at else accessed
    path = reverse("evidence:case_study_version", args=[case_study.pk, revision_id]) if revision_id else case_study.url
    return Citation(
        key=f"coproduction-{case_study.pk}-{issued.isoformat()}",
        title=case_study.title,
        authors=tuple(contributor.name for contributor in case_study.contributors.all()),
        organisations=tuple(link.organisation.name for link in case_study.organisation_links.all()),
        issued=issued,
        url=absolute(path),
        accessed=accessed,
        publisher=site_name(),
        licence=licence_of(case_study),
        abstract=case_study.summary,
    )


def licence_of(case_study) -> str:
    """The licence a case study is published under, as its name."""
    return case_study.get_licence_display() if case_study.licence else ""


# --- search demand ---------------------------------------------------------------------------------

DEMAND_DAYS = 90
FEW_CASE_STUDIES = 2  # a search that finds this many case studies or fewer has not found enough


def unmet_demand(days: int = DEMAND_DAYS, few: int = FEW_CASE_STUDIES):
    """Searches of the last `days` days that found no or few case studies, most searched first."""
    since = timezone.localdate() - timedelta(days=days)
    return (
        SearchRecord.objects.filter(day__gt=since)
        .values("query", "filters")
        .annotate(searches_made=Sum("searches"), most_found=Max("case_studies"), last_searched=Max("day"))
        .filter(most_found__lte=few)
        .order_by("-searches_made", "query", "filters")
    )


def search_terms_between(start, end, limit: int = 20) -> list[dict]:
    """Typed search terms of a period with how often they were searched and the most case studies found, most first."""
    rows = (
        SearchRecord.objects.filter(day__range=(start, end))
        .exclude(query="")
        .values("query")
        .annotate(searches=Sum("searches"), found=Max("case_studies"))
        .order_by("-searches", "query")[:limit]
    )
    return [{"query": row["query"], "searches": row["searches"], "found": row["found"]} for row in rows]


def readable_filters(filters_json: str) -> str:
    """Filters as a person reads them: "service_area: housing; evidence: 3"."""
    try:
        filters = json.loads(filters_json or "{}")
    except ValueError:
        return ""
    return "; ".join(f"{name.replace('_', ' ')}: {', '.join(values)}" for name, values in filters.items())


def most_searched_service_areas(days: int = DEMAND_DAYS, limit: int = 10) -> list[dict]:
    """Service areas people searched for over the last `days` days (as a filter or by name), with what is published."""
    since = timezone.localdate() - timedelta(days=days)
    areas = {area.slug: area for area in ServiceArea.objects.order_by("name")}
    by_name = {area.name.lower(): slug for slug, area in areas.items()}
    searches = Counter()
    rows = SearchRecord.objects.filter(day__gt=since).filter(Q(filters__contains="service_area") | Q(query__in=by_name))
    for query, filters, count in rows.values_list("query", "filters", "searches").iterator(chunk_size=2000):
        chosen = set(json.loads(filters or "{}").get("service_area", []))
        if query in by_name:
            chosen.add(by_name[query])
        for slug in chosen & areas.keys():
            searches[slug] += count
    published = Counter(dict(live_case_studies().order_by().values_list("service_area__slug").annotate(n=Count("pk"))))
    return [
        {"service_area": areas[slug], "searches": count, "case_studies": published.get(slug, 0)}
        for slug, count in searches.most_common(limit)
    ]


# --- saved searches --------------------------------------------------------------------------------

FEED_ENTRIES = 50


def saved_searches_of(user):
    """A member's saved searches, newest first."""
    return SavedSearch.objects.filter(owner=user)


def saved_search_of(user, saved_search_id):
    """One of a member's own saved searches, or None."""
    return SavedSearch.objects.filter(owner=user, pk=saved_search_id).first()


def saved_search_by_feed_token(token: str):
    """The saved search a private feed address opens, or None when it is wrong or revoked."""
    if not token or len(token) > 64:
        return None
    return SavedSearch.objects.filter(feed_token=token, owner__is_active=True).first()


def search_query_string(saved_search) -> str:
    """The saved search as query parameters of the search page."""
    params = [("q", saved_search.query)] if saved_search.query else []
    for name, values in (saved_search.filters or {}).items():
        params += [(name, value) for value in values]
    return urlencode(params)


def feed_entries(saved_search, limit: int = FEED_ENTRIES):
    """What a saved search found lately, newest first, published case studies only."""
    return (
        SavedSearchHit.objects.filter(saved_search=saved_search, case_study__in=_published_ids())
        .select_related("case_study")
        .order_by("-found_at", "-pk")[:limit]
    )
