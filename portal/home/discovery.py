"""How search engines find the portal: sitemap.xml (pages, practitioners, organisations, topics) and robots.txt."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from portal.discussions.selectors import public_topics
from portal.events.selectors import public_events
from portal.groups.selectors import visible_groups
from portal.links import absolute_url
from portal.network.selectors import listed_profiles, public_organisations

# Paths no crawler has business in: the admin, accounts, members' own pages and bulk exports.
DISALLOWED = [
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/profile/",
    "/submissions/",
    "/comments/",
    "/search/export.csv",
    "/search/export.json",
    "/evidence.csv",
]


class PublicAddressSitemap(Sitemap):
    """Locations on the site's public address (PORTAL_BASE_URL), whatever host the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PORTAL_BASE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.PORTAL_BASE_URL).netloc


class PractitionerSitemap(PublicAddressSitemap):
    changefreq = "weekly"

    def items(self):
        return listed_profiles().only("slug").order_by("pk")


class OrganisationSitemap(PublicAddressSitemap):
    changefreq = "monthly"

    def items(self):
        return public_organisations().only("slug")


class TopicSitemap(PublicAddressSitemap):
    changefreq = "daily"

    def items(self):
        return public_topics().only("slug", "forum__slug", "last_activity_at")

    def lastmod(self, topic):
        return topic.last_activity_at


class GroupSitemap(PublicAddressSitemap):
    changefreq = "weekly"

    def items(self):
        # What the public may see listed: invite-only groups stay out.
        return visible_groups(None).only("slug").order_by("pk")


class EventSitemap(PublicAddressSitemap):
    changefreq = "daily"

    def items(self):
        # Events anyone may see; a private group's never.
        return public_events().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {
    # Wagtail's: live pages without a view restriction, at the Site record's address (kept equal to ours).
    "pages": PageSitemap,
    "practitioners": PractitionerSitemap(),
    "organisations": OrganisationSitemap(),
    "discussions": TopicSitemap(),
    "groups": GroupSitemap(),
    "events": EventSitemap(),
}


@require_GET
@cache_control(max_age=3600)
def sitemap(request):
    return wagtail_sitemap(request, sitemaps=SITEMAPS)


@require_GET
@cache_control(max_age=86400)
def robots_txt(request):
    disallowed = [f"Disallow: {path}" for path in DISALLOWED]
    lines = ["User-agent: *", *disallowed, "", f"Sitemap: {absolute_url('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
