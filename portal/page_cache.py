"""The full-page cache: anonymous visitors' GETs of public pages answered before sessions, users and views.

A page is cached only when its view opts in (`cache_for_visitors`, or a live Wagtail page through the
`before_serve_page` hook), the visitor sends no session or messages cookie, and the answer is a 200 that
sets no cookie, holds no CSRF token and varies on nothing but the cookie. Entries live in each
process's memory (the `pages` cache) and carry the content version they were rendered at; the version
lives in the shared cache (Redis) and changes when anything a public page shows is written (pages
published, unpublished, moved or deleted; comments, profiles, organisations, events, groups, topics,
taxonomy), so a change is served at once by every process. What changes with time alone (a start
time passing, live counts) is at most PAGE_CACHE_SECONDS old. A second version, the catalogue's, changes
with everything but discussions: fragments that show no comment (a case study's body, the cards, the
site's navigation) keep it, so a new comment re-renders only what shows comments. The Content-Security-Policy and the
security headers are added to every answer afresh by the middleware outside this one.
See docs/decisions/page-cache.md.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:content-version"
CATALOGUE_KEY = "page-cache:catalogue-version"
UNAVAILABLE = "unavailable-"
HIT_HEADER = "X-Page-Cache"
# Models written while reading or for private use only: writing them changes no public page.
UNSHOWN_MODELS = {
    "discussions.topicvisit",
    "discussions.subscription",
    "network.contactmessage",
    "network.membermute",
    "network.memberblock",
}
# The apps whose models public pages show.
SHOWN_APPS = {
    "practices",
    "network",
    "discussions",
    "django_comments_xtd",
    "django_comments",
    "events",
    "groups",
    "taxonomy",
    "home",
    "moderation",
    "wagtailcore",
    "wagtailimages",
    "wagtailredirects",
}
# Of those, the apps whose models only discussions show: writing them leaves the catalogue's version alone.
DISCUSSION_APPS = {"discussions", "django_comments_xtd", "django_comments"}
# Headers of the view's answer kept with it; the rest (CSP, HSTS, ...) is added afresh on every answer.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Vary", "X-Frame-Options", "Link")


def cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def kept(name: str, build, *, keep=lambda value: True):
    """`build()`'s value, kept in this process until the catalogue changes (anything public but discussions):
    for figures counted over every published case study or profile. `keep` may refuse a value (a fallback)."""
    key = f"kept:{name}:{read_versions()[CATALOGUE_KEY]}"
    value = caches["pages"].get(key)
    if value is None:
        value = build()
        if keep(value):
            caches["pages"].set(key, value)
    return value


def cache_for_visitors(view):
    """Mark a view's answers to anonymous visitors as the same for all of them, so they may be cached."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        allow(request)
        return view(request, *args, **kwargs)

    return wrapped


def allow(request) -> None:
    """Let the page cache keep this request's answer (it still checks the answer itself)."""
    request.page_cache_allowed = True


def replay_on_hit(request, function, **kwargs) -> None:
    """Call `function(request, **kwargs)` again whenever a cached copy of this answer is served (a view count).

    `function` must be a module-level function: it is stored by reference with the entry.
    """
    if not hasattr(request, "page_cache_replays"):
        request.page_cache_replays = []
    request.page_cache_replays.append((function, kwargs))


def content_version() -> str:
    """The version public pages are rendered at; a fresh one if the shared cache lost it, and one that
    matches nothing while the shared cache is unreachable (nothing cached is served then)."""
    return read_versions()[VERSION_KEY]


def read_versions() -> dict:
    """Both versions in one round trip: {VERSION_KEY: ..., CATALOGUE_KEY: ...}."""
    keys = (VERSION_KEY, CATALOGUE_KEY)
    try:
        cache = caches["default"]
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:  # first use, or the shared cache lost it: whoever adds first wins
                cache.add(key, str(time.time_ns()), timeout=None)
                found[key] = cache.get(key)
        return found
    except Exception as error:  # Redis away: the pages are rendered, never served stale
        logger.warning("Page cache bypassed, no content version: %s", error)
        return {key: UNAVAILABLE + str(time.time_ns()) for key in keys}


def request_versions(request) -> dict:
    """The versions, read once per request however many fragments use them."""
    versions = getattr(request, "_page_cache_versions", None)
    if versions is None:
        versions = read_versions()
        if request is not None:
            request._page_cache_versions = versions
    return versions


def bump_version(catalogue: bool = True) -> None:
    """Every cached page is stale from now on, and every catalogue fragment too unless only discussions
    changed (called once the change is committed)."""
    keys = [VERSION_KEY, CATALOGUE_KEY] if catalogue else [VERSION_KEY]
    try:
        caches["default"].set_many(dict.fromkeys(keys, str(time.time_ns())), timeout=None)
    except Exception as error:  # copies then live until PAGE_CACHE_SECONDS, as a restarted Redis would
        logger.error("Page cache version not changed: %s", error)


def content_changed(sender=None, **kwargs) -> None:
    """Signal receiver: a public page may show what changed; make every cached page stale now and again
    after commit (a page rendered in between, from the old rows, is then not served)."""
    catalogue = True
    if sender is not None and hasattr(sender, "_meta"):
        meta = sender._meta
        if meta.app_label not in SHOWN_APPS or meta.label_lower in UNSHOWN_MODELS:
            return
        catalogue = meta.app_label not in DISCUSSION_APPS
    bump_version(catalogue)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(functools.partial(bump_version, catalogue))


def connect_signals() -> None:
    """Connect the receivers that make the cache stale (home's AppConfig.ready)."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")


def template_context(request) -> dict:
    """Context processor: what `{% cache page_cache.seconds name ... page_cache.version using="pages" %}`
    needs to keep a fragment until public content changes (`page_cache.catalogue`: until anything but a
    discussion changes). The versions are read only if a template uses them, once per request."""
    return {
        "page_cache": {
            "version": SimpleLazyObject(lambda: request_versions(request)[VERSION_KEY]),
            "catalogue": SimpleLazyObject(lambda: request_versions(request)[CATALOGUE_KEY]),
            "seconds": cache_seconds(),
        }
    }


def deferred(build, names) -> dict:
    """Context entries read from `build()` only when a template uses one (a fragment the cache does not
    hold): `build` runs at most once and must return a dict holding every name."""
    built = functools.cache(build)
    return {name: SimpleLazyObject(functools.partial(lambda name: built()[name], name)) for name in names}


def cache_key(request) -> str | None:
    """The entry's key: host, path and query string; None when the Host header is not allowed."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let the inner middleware answer it
        return None
    url = f"{request.scheme}://{host}{request.path}?{request.META.get('QUERY_STRING', '')}"
    return "page:" + hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()


def may_fetch(request) -> bool:
    """An anonymous visitor's GET: no session (so no member, no messages) and no messages cookie."""
    return (
        cache_seconds() > 0
        and settings.PAGE_CACHE_WHOLE_PAGES
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def may_store(request, response) -> bool:
    """The view opted in, the visitor stayed anonymous and the answer is the same for every visitor."""
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return (
        getattr(request, "page_cache_allowed", False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a CSRF token
        and not (user is not None and user.is_authenticated)
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and vary <= {"cookie"}
    )


class PageCacheMiddleware:
    """Answers anonymous GETs from the page cache, and keeps the answers views allow it to keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_fetch(request):
            return self.get_response(request)
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        version = request_versions(request)[VERSION_KEY]
        if version.startswith(UNAVAILABLE):
            return self.get_response(request)
        entry = caches["pages"].get(key)
        if entry is not None and entry["version"] == version:
            return self.answer_from(request, entry)
        response = self.get_response(request)
        if may_store(request, response):
            caches["pages"].set(key, self.entry_for(request, response, version), cache_seconds())
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def entry_for(request, response, version) -> dict:
        return {
            "version": version,
            "content": response.content,
            "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
            "replays": getattr(request, "page_cache_replays", []),
        }

    @staticmethod
    def answer_from(request, entry) -> HttpResponse:
        for function, kwargs in entry["replays"]:
            function(request, **kwargs)
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        response[HIT_HEADER] = "hit"
        return response
