"""What practices exposes to the search index: one serializer per indexed type."""

import html
import re
import time
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.html import strip_tags

from portal.practices.models import (
    CaseStudyContributor,
    CaseStudyOrganisation,
    CaseStudyPage,
    CaseStudyTag,
    EvidenceLevel,
    ImpactMeasure,
    PrincipleApplication,
    PrinciplePage,
)
from portal.practices.selectors import live_principles
from portal.taxonomy.models import Region, ServiceArea

# Site root paths and principle slugs change rarely; look them up once a minute, not once per page.
_lookups = {"holder": SimpleNamespace(), "principle_slugs": {}, "since": 0.0}
LOOKUP_SECONDS = 60


def _fresh_lookups() -> dict:
    now = time.monotonic()
    if now - _lookups["since"] > LOOKUP_SECONDS:
        slugs = dict(PrinciplePage.objects.values_list("pk", "slug"))
        _lookups.update(holder=SimpleNamespace(), principle_slugs=slugs, since=now)
    return _lookups


def _url(page) -> str:
    parts = page.get_url_parts(request=_fresh_lookups()["holder"])
    return parts[2] if parts else ""


def _principle_slug(principle_id: int) -> str:
    slugs = _fresh_lookups()["principle_slugs"]
    if principle_id not in slugs:
        _lookups["since"] = 0.0  # a principle newer than the lookup: refresh
        slugs = _fresh_lookups()["principle_slugs"]
    return slugs.get(principle_id, "")


_TAG = re.compile(r"<[^>]*>")


def _plain(html_text: str) -> str:
    """Text of stored rich text: tags dropped, entities decoded (much cheaper than an HTML parser)."""
    return html.unescape(_TAG.sub(" ", html_text or ""))


def _list_item(item: dict) -> dict:
    # A ListBlock stores {"type": "item", "value": ..., "id": ...}; older content stores the value.
    return item["value"] if item.get("type") == "item" and isinstance(item.get("value"), dict) else item


def _stream_text(stream) -> str:
    """The readable words of a StreamField, read from its stored JSON: no block conversion, no templates."""
    parts = []
    for block in stream.raw_data:
        kind, value = block.get("type"), block.get("value")
        if kind == "section":
            parts.append(_plain(value.get("text")))
        elif kind == "paragraph":
            parts.append(_plain(value))
        elif kind == "heading":
            parts.append(str(value or ""))
        elif kind == "quote":
            parts.append(f"{value.get('text', '')} {value.get('attribution', '')}")
        elif kind == "key_facts":
            facts = [_list_item(fact) for fact in value.get("facts") or []]
            parts.extend(f"{fact.get('value', '')} {fact.get('label', '')}" for fact in facts)
    return "\n".join(" ".join(part.split()) for part in parts if part and part.strip())


def indexable_case_studies():
    """Published, public case studies; attach_index_data() loads what their documents need."""
    return (
        CaseStudyPage.objects.live()
        .public()
        .select_related("service_area", "region")
        .order_by("-first_published_at", "-pk")
    )


def attach_index_data(pages: list[CaseStudyPage]) -> list[CaseStudyPage]:
    """Related rows for many case studies at once, as plain values: four queries for a whole chunk.

    Model instances (what prefetch_related builds) cost more than everything else in a rebuild.
    """
    ids = [page.pk for page in pages]
    data = {pk: {"principles": [], "applications": [], "organisations": [], "measures": [], "tags": []} for pk in ids}
    applications = PrincipleApplication.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk")
    for page_id, principle_id, how in applications.values_list("page_id", "principle_id", "how"):
        data[page_id]["principles"].append(principle_id)
        data[page_id]["applications"].append(how)
    links = CaseStudyOrganisation.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk")
    for page_id, name, kind in links.values_list("page_id", "organisation__name", "organisation__kind"):
        data[page_id]["organisations"].append((name, kind))
    measures = ImpactMeasure.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk")
    for page_id, outcome, metric in measures.values_list("page_id", "outcome", "metric"):
        data[page_id]["measures"].append(f"{outcome} {metric}")
    tags = CaseStudyTag.objects.filter(content_object_id__in=ids).order_by("pk")
    for page_id, name in tags.values_list("content_object_id", "tag__name"):
        data[page_id]["tags"].append(name)
    for page in pages:
        page.index_data = data[page.pk]
    return pages


def case_study_document(page: CaseStudyPage) -> dict:
    """A published case study as the search index holds it."""
    if not hasattr(page, "index_data"):
        attach_index_data([page])
    data = page.index_data
    return {
        "kind": "case_study",
        "title": page.title,
        "summary": page.summary,
        "body": _stream_text(page.body),
        "url": _url(page),
        "published_at": page.first_published_at,
        "suggest": page.title,
        "service_area": page.service_area.slug if page.service_area else None,
        "service_area_name": page.service_area.name if page.service_area else None,
        "region": page.region.slug if page.region else None,
        "region_name": page.region.name if page.region else None,
        "principles": [_principle_slug(principle_id) for principle_id in data["principles"]],
        "evidence_level": page.evidence_level,
        "year": page.start_year,
        "organisation_kinds": sorted({kind for _, kind in data["organisations"]}),
        "organisations": [name for name, _ in data["organisations"]],
        "tags": data["tags"],
        "applications": data["applications"],
        "impact": data["measures"],
        "cost_comparison": page.cost_comparison,
    }


# What people search case studies by, and how much a match in each field counts (both engines read it).
CASE_STUDY_FIELDS = {
    "title": 4.0,
    "summary": 2.0,
    "tags": 2.0,
    "organisations": 2.0,
    "impact": 1.5,
    "applications": 1.0,
    # A place or service area typed is usually what the reader wants the results to be in.
    "service_area_name": 1.5,
    "region_name": 2.0,
    "body": 1.0,
}
# facet name in the URL -> document field
CASE_STUDY_FACETS = {
    "service_area": "service_area",
    "region": "region",
    "principle": "principles",
    "evidence": "evidence_level",
    "year": "year",
    "organisation_kind": "organisation_kinds",
}
PRINCIPLE_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0}
PRINCIPLE_FACETS = {"principle": "principles"}


def case_studies_showing(instance) -> list[int]:
    """Case studies whose documents show something of `instance` (a taxonomy, principle or organisation)."""
    from portal.network.models import Organisation

    pages = CaseStudyPage.objects.all()
    if isinstance(instance, ServiceArea):
        pages = pages.filter(service_area=instance)
    elif isinstance(instance, Region):
        pages = pages.filter(region=instance)
    elif isinstance(instance, PrinciplePage):
        pages = pages.filter(principle_applications__principle=instance)
    elif isinstance(instance, Organisation):
        pages = pages.filter(organisation_links__organisation=instance)
    elif isinstance(instance, CaseStudyContributor):
        return [instance.page_id]  # a credit removed (an account deleted) re-serialises the case study
    else:
        return []
    return list(pages.values_list("pk", flat=True).distinct())


CASE_STUDY_DEPENDENCIES = (
    "taxonomy.ServiceArea",
    "taxonomy.Region",
    "practices.PrinciplePage",
    "network.Organisation",
    "practices.CaseStudyContributor",
)


def indexable_principles():
    return live_principles()


def principle_document(page: PrinciplePage) -> dict:
    """A published principle as the search index holds it."""
    return {
        "kind": "principle",
        "title": page.title,
        "summary": page.summary,
        "body": "\n".join([_stream_text(page.body), strip_tags(page.in_practice), strip_tags(page.questions)]),
        "url": _url(page),
        "published_at": page.first_published_at,
        "suggest": page.title,
        "principles": [page.slug],
    }


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Names for the values of the facets practices' documents carry."""
    return {
        "service_area": dict(ServiceArea.objects.values_list("slug", "name")),
        "region": dict(Region.objects.values_list("slug", "name")),
        "principle": dict(live_principles().values_list("slug", "title")),
        "evidence": {str(value): f"Level {value}" for value in EvidenceLevel.values},
    }


def gap_map_axes() -> tuple[list[ServiceArea], list[PrinciplePage]]:
    """The gap map's rows and columns: service areas (with `case_study_count`) and the live principles."""
    service_areas = ServiceArea.objects.annotate(
        case_study_count=Count("case_studies", filter=Q(case_studies__live=True), distinct=True)
    ).order_by("name")
    return list(service_areas), list(live_principles())


def evidence_levels() -> list[int]:
    return list(EvidenceLevel.values)
