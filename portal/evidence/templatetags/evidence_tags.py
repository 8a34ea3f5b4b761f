"""Template tags other apps' pages use to show evidence tools: "cite this" and "add to an evidence pack"."""

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.evidence import citations, selectors, versions
from portal.notifications.site import absolute_url

register = template.Library()


def _absolute(context):
    request = context.get("request")
    return request.build_absolute_uri if request is not None else absolute_url


def cite_this_context(context, case_study, *, revision_id=None, published_at=None) -> dict:
    citation = selectors.citation_for(
        case_study,
        absolute=_absolute(context),
        accessed=timezone.localdate(),
        revision_id=revision_id,
        published_at=published_at,
    )
    return {
        "case_study": case_study,
        "citation": citation,
        "apa": citations.formatted(citation, "apa"),
        "harvard": citations.formatted(citation, "harvard"),
        "bibtex": citations.bibtex([citation]),
        "versions": list(reversed(versions.published_versions(case_study))),
        "cited_revision_id": revision_id or case_study.live_revision_id,
    }


@register.simple_tag(takes_context=True)
def cite_this(context, case_study):
    """The "cite this" block of a case study's current version, with its licence and published versions.

    Formatting the citations costs more than the rest of the page; the block is kept per published
    revision, address and day (the access date it shows), in each process's page fragment cache.
    """
    request = context.get("request")
    host = request.build_absolute_uri("/") if request is not None else ""
    published = case_study.last_published_at.timestamp() if case_study.last_published_at else 0
    key = f"cite-this:{case_study.pk}:{case_study.live_revision_id}:{published}:{host}:{timezone.localdate()}"
    html = caches["pages"].get(key)
    if html is None:
        html = render_to_string("evidence/includes/cite_this.html", cite_this_context(context, case_study))
        caches["pages"].set(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, escaped there


@register.inclusion_tag("evidence/includes/add_to_pack_link.html")
def add_to_pack_link(case_study_id, title=""):
    """A plain link to put a case study in one of the member's evidence packs."""
    return {"case_study_id": case_study_id, "title": title}


@register.inclusion_tag("evidence/includes/service_area_demand.html")
def search_demand_by_service_area():
    """The most-searched service areas of the last 90 days beside what is published in each."""
    return {"areas": selectors.most_searched_service_areas(), "days": selectors.DEMAND_DAYS}
