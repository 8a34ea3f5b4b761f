"""Editors' picks: Wagtail search promotions shown above the results of the query they name.

Editors manage them in the admin (Settings > Promoted search results). A search matches a
promotion's query as Wagtail normalises it (lower case, single spaces), in Elasticsearch and in
reduced mode alike. The table of promotions is read once and kept per process for a short while,
so a search costs no database query for them; changes made in this process drop it at once.
"""

import time

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

PROMOTIONS_CACHE_SECONDS = 30
_cache = {"table": None, "since": 0.0}


def promotions_for(q: str) -> list[dict]:
    """Editors' picks for this query: title, url, description and whether the link leaves the site."""
    if not q:
        return []
    return _table().get(normalise_query_string(q), [])


def forget_promotions(*args, **kwargs) -> None:
    """Drop the table (after a promotion or a promoted page changes, and between tests)."""
    _cache.update(table=None, since=0.0)


def _table() -> dict[str, list[dict]]:
    now = time.monotonic()
    if _cache["table"] is None or now - _cache["since"] > PROMOTIONS_CACHE_SECONDS:
        _cache.update(table=_read_promotions(), since=now)
    return _cache["table"]


def _read_promotions() -> dict[str, list[dict]]:
    promotions = list(SearchPromotion.objects.select_related("query", "page").order_by("query_id", "sort_order", "pk"))
    # A draft, unpublished or private page is never promoted to the public.
    shown_pages = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[promotion.page_id for promotion in promotions if promotion.page_id])
        .values_list("pk", flat=True)
    )
    table = {}
    for promotion in promotions:
        if promotion.page_id:
            if promotion.page_id not in shown_pages:
                continue
            entry = {"title": promotion.page.title, "url": promotion.page.get_url() or "", "external": False}
        elif promotion.external_link_url:
            entry = {
                "title": promotion.external_link_text or promotion.external_link_url,
                "url": promotion.external_link_url,
                "external": True,
            }
        else:
            continue
        entry["description"] = promotion.description or ""
        table.setdefault(promotion.query.query_string, []).append(entry)
    return table


def connect() -> None:
    """Forget the table when promotions or pages that may be promoted change."""
    for model in (SearchPromotion, Query):
        post_save.connect(forget_promotions, sender=model, dispatch_uid=f"promotions-saved-{model.__name__}")
        post_delete.connect(forget_promotions, sender=model, dispatch_uid=f"promotions-deleted-{model.__name__}")
    page_published.connect(forget_promotions, dispatch_uid="promotions-page-published")
    page_unpublished.connect(forget_promotions, dispatch_uid="promotions-page-unpublished")


# --- demo content ---------------------------------------------------------------------------------

DEMO_PROMOTIONS = [
    (
        "personal budgets",
        "hollowford-personal-budgets",
        "The strongest evidence on the site: disabled people and carers planning their own budgets.",
    ),
    (
        "recycling",
        "marrowby-sorted-doorstep-recycling",
        "How residents co-designed a doorstep round that raised recycling rates.",
    ),
    (
        "time bank",
        "common-hours-gp-time-bank",
        "A time bank run with a GP surgery: a good first read on reciprocity in health.",
    ),
]


@transaction.atomic
def load_demo_promotions() -> int:
    """Editors' picks for a few demo queries, idempotently; returns how many point at existing pages."""
    from portal.search.registry import indexed_type

    case_studies = indexed_type("case-studies").queryset()  # practices' own "what belongs in the index"
    loaded = 0
    for query_string, slug, description in DEMO_PROMOTIONS:
        page = case_studies.filter(slug=slug).first()
        if page is None:
            continue
        query = Query.get(query_string)
        SearchPromotion.objects.update_or_create(
            query=query, page=page, defaults={"description": description, "sort_order": 0}
        )
        loaded += 1
    return loaded
