"""A shared cache (Varnish, a CDN) in front of the site: which answers it may keep, and purging them on publish.

Anonymous GETs of Wagtail pages are marked cacheable by shared caches for FRONTEND_CACHE_SECONDS
(at most LIVE_PAGE_SECONDS for pages that show what changes without a publish); everything else
(signed-in visitors, forms with a CSRF token, cookies being set, query strings, other views) is
marked private. Publishing or unpublishing a page purges it and the pages that list it.
"""

import logging
import urllib.parse
import urllib.request

import wagtail
from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from portal.home.models import HomePage
from portal.practices import selectors as practices
from portal.practices.models import CaseStudyPage

logger = logging.getLogger(__name__)

# The home page lists the latest debates and live counts, a case study its comment thread: both
# change without a publish, so no purge follows them and a shared cache keeps them briefly.
LIVE_PAGE_TYPES = (HomePage, CaseStudyPage)
LIVE_PAGE_SECONDS = 60


def shared_cache_seconds(page) -> int:
    """How long a shared cache may keep this page for anonymous visitors."""
    if isinstance(page, LIVE_PAGE_TYPES):
        return min(settings.FRONTEND_CACHE_SECONDS, LIVE_PAGE_SECONDS)
    return settings.FRONTEND_CACHE_SECONDS


def remember_served_page(page, request, *args):
    """Wagtail's before_serve_page hook: note which page answers, for the headers below."""
    request.served_page = page


def is_shareable(request, response) -> bool:
    """Whether this answer is the same for every anonymous visitor and a purge reaches it."""
    page = getattr(request, "served_page", None)
    return (
        page is not None
        and shared_cache_seconds(page) > 0
        and request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not request.GET
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a form with a CSRF token
        and not getattr(getattr(request, "user", None), "is_authenticated", True)
    )


class SharedCacheHeadersMiddleware:
    """Cache-Control for shared caches: public for anonymous Wagtail pages, private for everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_shareable(request, response):
            # Browsers revalidate; the shared cache keeps it until it expires or a publish purges it.
            seconds = shared_cache_seconds(request.served_page)
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            patch_vary_headers(response, ["Cookie"])
        else:
            patch_cache_control(response, private=True)
        return response


class PurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge backend (PURGE <path> to the cache at LOCATION) with the timeout it lacks.

    Wagtail's own calls urlopen with no timeout and lets a timeout escape: a cache that stops
    answering would hold the publish that triggered the purge. This one gives up after TIMEOUT
    seconds and logs; the cache's entries then expire on their own (docs/decisions/frontend-cache.md).
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        super().__init__(params)

    def purge(self, url):
        target = urllib.parse.urlsplit(url)
        request = PurgeRequest(
            url=urllib.parse.urlunsplit((self.cache_scheme, self.cache_netloc, target.path, target.query, "")),
            headers={"Host": target.netloc, "User-Agent": f"Wagtail-frontendcache/{wagtail.__version__}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):  # noqa: S310 - the deployer's cache URL
                pass
        except OSError as error:  # URLError, HTTPError and timeouts alike: never fail a publish
            logger.warning("Could not purge %s from the frontend cache: %s", url, error)


def pages_showing(page) -> list:
    """The page and the pages that list or count it: its live ancestors up to the home page, and for a
    case study the principles it applies."""
    pages = [page, *page.get_ancestors().live().filter(depth__gt=1)]
    specific = page.specific_deferred
    if isinstance(specific, CaseStudyPage):
        pages.extend(practices.principles_applied_in(specific))
    return pages


def purge_after_commit(page) -> None:
    """Purge the page and the pages that show it once the change is committed (a purge sent earlier
    could let a request cache the old version again)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(pages_showing(page))
    transaction.on_commit(batch.purge)
