"""Wagtail's page view with each path's route kept, so a request reads its page without walking the tree.

Wagtail finds a page by reading the Site for the host, the root page, then each page on the path and its
specific type: two queries per level, on every request, members' and after-a-change ones included. The
route (the Site, the page as it was read, and whether any view restriction applied) is kept in each
process's `pages` cache per host, path and catalogue version, which changes whenever a page is published,
unpublished, moved, saved or deleted, a view restriction or a Site changes (portal/page_cache.py); a
request that finds it reads nothing from the database to route. Everything after routing runs as before: Wagtail's view
restriction check (told there is none when none applied), `before_serve_page` hooks, `serve`. Only plain
routes are kept (the page itself, no arguments from a routable page). See docs/decisions/route-cache.md.
"""

import hashlib

from django.core.cache import caches
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction

from portal import page_cache


def serve(request, path):
    """Wagtail's `serve`, with the route taken from the cache when it holds this path's."""
    if page_cache.cache_seconds() <= 0:
        return wagtail_views.serve(request, path)
    version = page_cache.request_versions(request)[page_cache.CATALOGUE_KEY]
    if version.startswith(page_cache.UNAVAILABLE):
        return wagtail_views.serve(request, path)
    key = route_key(request, path, version)
    entry = caches["pages"].get(key)
    if entry is not None:
        restore(request, *entry)
    response = wagtail_views.serve(request, path)
    if entry is None:
        remember(request, key)
    return response


def route_key(request, path: str, version: str) -> str:
    where = f"{request._get_raw_host()}|{path}|{version}"
    return "route:" + hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()


def restore(request, site, page, is_restricted: bool) -> None:
    """Give Wagtail the kept route: it then skips the Site lookup and the walk down the tree."""
    if not is_restricted:
        # Wagtail's check asks the page and its ancestors (two queries); none applied when the route was
        # kept, and adding one changes the catalogue version, so the entry would be gone.
        page.get_view_restrictions = PageViewRestriction.objects.none
    request._wagtail_site = site
    try:
        request._wagtail_route_for_request = page.route(request, [])
    except Http404:  # not live
        request._wagtail_route_for_request = None


def remember(request, key: str) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page, args, kwargs = route
    if args or kwargs:  # a routable page's sub-view: its route depends on more than the path
        return
    # A fresh copy: the served one carries what this request read and attached to it.
    fresh = type(page).objects.filter(pk=page.pk).first()
    if fresh is None:
        return
    is_restricted = fresh.get_view_restrictions().exists()
    caches["pages"].set(key, (site, fresh, is_restricted), page_cache.cache_seconds())
