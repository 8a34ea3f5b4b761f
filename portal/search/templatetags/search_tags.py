"""Search pieces other apps' templates can show without importing the search app."""

import html
import re

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal import page_cache
from portal.search.selectors import more_like_this

register = template.Library()


@register.simple_tag
def similar_case_studies(page):
    """Similar case studies; kept per page until anything public changes (a search per view otherwise)."""
    key = f"similar:{page.pk}:{page_cache.content_version()}"
    rendered = caches["pages"].get(key)
    if rendered is None:
        rendered = render_to_string("search/includes/more_like_this.html", {"similar": more_like_this(page)})
        caches["pages"].set(key, rendered)
    return mark_safe(rendered)  # noqa: S308 - rendered by our own template, escaped there


@register.simple_tag
def search_query_string(search, **changes) -> str:
    """The search's query string with some parameters changed (an empty value removes one)."""
    return search.query_string(**changes)


_MARKS = re.compile(r"</?mark>")


@register.filter
def excerpt(snippet: str, source: str = "") -> str:
    """A highlighted snippet with an ellipsis only where it cuts the text.

    The snippet is HTML-encoded by Elasticsearch except for its <mark> tags. When it comes from
    `source` (the summary), its ends are compared with the summary's; otherwise a snippet is taken
    to be cut unless it starts like a sentence and ends like one.
    """
    text = " ".join(html.unescape(_MARKS.sub("", snippet)).split())
    if not text:
        return ""
    whole = " ".join((source or "").split())
    if text in whole:
        starts, ends = whole.startswith(text), whole.endswith(text)
    else:
        starts = text[0].isupper() or text[0].isdigit() or text[0] in "\"'\u201c\u2018£$€("
        ends = text[-1] in ".!?)\"'\u201d\u2019"
    before, after = ("" if starts else "…"), ("" if ends else "…")
    return mark_safe(before + snippet.strip() + after)  # noqa: S308 - encoded by Elasticsearch, <mark> aside
