"""What practices exposes to the search index: one serializer per indexed type."""

from django.utils.html import strip_tags

from portal.practices.models import CaseStudyPage, PrinciplePage
from portal.practices.selectors import live_case_studies, live_principles


def _stream_text(stream) -> str:
    """The readable words of a StreamField, without rendering templates."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "section":
            parts.append(strip_tags(str(value["text"])))
        elif block.block_type in ("paragraph",):
            parts.append(strip_tags(str(value)))
        elif block.block_type == "heading":
            parts.append(str(value))
        elif block.block_type == "quote":
            parts.append(f"{value['text']} {value['attribution']}")
        elif block.block_type == "key_facts":
            parts.extend(f"{fact['value']} {fact['label']}" for fact in value["facts"])
    return "\n".join(part.strip() for part in parts if part)


def indexable_case_studies():
    """Published case studies with what their documents need."""
    return live_case_studies().prefetch_related("organisation_links__organisation", "impact_measures")


def case_study_document(page: CaseStudyPage) -> dict:
    """A published case study as the search index holds it."""
    organisations = [link.organisation for link in page.organisation_links.all()]
    measures = " ".join(f"{m.outcome} {m.metric}" for m in page.impact_measures.all())
    return {
        "kind": "case_study",
        "title": page.title,
        "summary": page.summary,
        "body": f"{_stream_text(page.body)}\n{measures}",
        "url": page.url,
        "published_at": page.first_published_at,
        "suggest": page.title,
        "service_area": page.service_area.slug if page.service_area else None,
        "service_area_name": page.service_area.name if page.service_area else None,
        "region": page.region.slug if page.region else None,
        "region_name": page.region.name if page.region else None,
        "principles": [application.principle.slug for application in page.principle_applications.all()],
        "evidence_level": page.evidence_level,
        "year": page.start_year,
        "organisation_kinds": sorted({organisation.kind for organisation in organisations}),
        "organisations": " ".join(organisation.name for organisation in organisations),
        "tags": [tag.slug for tag in page.tags.all()],
        "cost_comparison": page.cost_comparison,
    }


def indexable_principles():
    return live_principles()


def principle_document(page: PrinciplePage) -> dict:
    """A published principle as the search index holds it."""
    return {
        "kind": "principle",
        "title": page.title,
        "summary": page.summary,
        "body": "\n".join([_stream_text(page.body), strip_tags(page.in_practice), strip_tags(page.questions)]),
        "url": page.url,
        "published_at": page.first_published_at,
        "suggest": page.title,
        "principles": [page.slug],
    }
