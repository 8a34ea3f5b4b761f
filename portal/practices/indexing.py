"""What practices exposes to the search index: one serializer per indexed type."""

import time
from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils.html import strip_tags

from portal.practices.models import (
    CaseStudyOrganisation,
    CaseStudyPage,
    CaseStudyTag,
    ImpactMeasure,
    PrincipleApplication,
    PrinciplePage,
    Region,
    ServiceArea,
)
from portal.practices.selectors import live_principles

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


def _stream_text(stream) -> str:
    """The readable words of a StreamField, without rendering templates."""
    parts = []
    for block in stream:
        value = block.value
        # Rich text is read as stored; rendering it through templates would cost more than the rest.
        if block.block_type == "section":
            parts.append(strip_tags(value["text"].source))
        elif block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "heading":
            parts.append(str(value))
        elif block.block_type == "quote":
            parts.append(f"{value['text']} {value['attribution']}")
        elif block.block_type == "key_facts":
            parts.extend(f"{fact['value']} {fact['label']}" for fact in value["facts"])
    return "\n".join(part.strip() for part in parts if part)


def indexable_case_studies():
    """Published, public case studies with just what their documents need.

    Related rows come as plain lists (`to_attr`): reading a prefetched manager clones a queryset per
    call, which cost more than the rest of the serializer in a rebuild.
    """
    return (
        CaseStudyPage.objects.live()
        .public()
        .select_related("service_area", "region")
        .prefetch_related(
            Prefetch(
                "principle_applications",
                queryset=PrincipleApplication.objects.only("page_id", "principle_id"),
                to_attr="indexed_applications",
            ),
            Prefetch(
                "organisation_links",
                queryset=CaseStudyOrganisation.objects.select_related("organisation"),
                to_attr="indexed_organisation_links",
            ),
            Prefetch(
                "impact_measures",
                queryset=ImpactMeasure.objects.only("page_id", "outcome", "metric"),
                to_attr="indexed_measures",
            ),
            Prefetch("tagged_items", queryset=CaseStudyTag.objects.select_related("tag"), to_attr="indexed_tags"),
        )
        .order_by("-first_published_at", "-pk")
    )


def case_study_document(page: CaseStudyPage) -> dict:
    """A published case study (from indexable_case_studies()) as the search index holds it."""
    organisations = [link.organisation for link in page.indexed_organisation_links]
    measures = " ".join(f"{m.outcome} {m.metric}" for m in page.indexed_measures)
    return {
        "kind": "case_study",
        "title": page.title,
        "summary": page.summary,
        "body": f"{_stream_text(page.body)}\n{measures}",
        "url": _url(page),
        "published_at": page.first_published_at,
        "suggest": page.title,
        "service_area": page.service_area.slug if page.service_area else None,
        "service_area_name": page.service_area.name if page.service_area else None,
        "region": page.region.slug if page.region else None,
        "region_name": page.region.name if page.region else None,
        "principles": [_principle_slug(application.principle_id) for application in page.indexed_applications],
        "evidence_level": page.evidence_level,
        "year": page.start_year,
        "organisation_kinds": sorted({organisation.kind for organisation in organisations}),
        "organisations": " ".join(organisation.name for organisation in organisations),
        "tags": [item.tag.slug for item in page.indexed_tags],
        "cost_comparison": page.cost_comparison,
    }


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
    else:
        return []
    return list(pages.values_list("pk", flat=True).distinct())


CASE_STUDY_DEPENDENCIES = (
    "practices.ServiceArea",
    "practices.Region",
    "practices.PrinciplePage",
    "network.Organisation",
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
