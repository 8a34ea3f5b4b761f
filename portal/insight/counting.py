"""Counting a view in the request: one Redis increment, no cookie, no IP address, no database write.

Apps call `count_view(request, kind=..., object_id=...)` from the view that shows the thing; Wagtail
pages of a registered page type are counted by the `before_serve_page` hook in `wagtail_hooks.py`.
Only a plain GET by what looks like a person's browser counts: crawlers and scripts are recognised by
their user agent (the crawler-user-agents list), and link prefetches are not views.
"""

import json
from functools import lru_cache

import crawleruseragents
from django.conf import settings
from django.utils import timezone

from portal import page_cache
from portal.insight.counters import BufferedCounter

views = BufferedCounter("insight:view-counts")


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """A crawler, monitor or script by its user agent; no user agent at all is not a browser either."""
    if not user_agent.strip():
        return True
    return crawleruseragents.is_crawler(user_agent)


def is_countable(request) -> bool:
    """A person's GET of the page: not a bot, not a prefetch, not a preview."""
    if not getattr(settings, "INSIGHT_COUNT_VIEWS", True) or request.method != "GET":
        return False
    headers = request.headers
    if "prefetch" in headers.get("Sec-Purpose", headers.get("Purpose", "")).lower():
        return False
    return not is_bot(headers.get("User-Agent", "")[:512])


def view_field(*, kind: str, object_id: int, day) -> str:
    """The counter's field for one thing on one day (a JSON array)."""
    return json.dumps([day.isoformat(), kind, int(object_id)])


def count_view(request, *, kind: str, object_id: int) -> bool:
    """Count one view of a thing, if the request is a person's; True when counted."""
    page_cache.replay_on_hit(request, count_view, kind=kind, object_id=object_id)  # a cached copy is a view too
    if not is_countable(request):
        return False
    return views.add(view_field(kind=kind, object_id=object_id, day=timezone.localdate()))
