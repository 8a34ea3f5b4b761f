"""Atom feeds of newly published case studies, overall and per service area."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from portal.practices.selectors import case_studies_in_service_area
from portal.taxonomy.models import ServiceArea

FEED_LENGTH = 30


class CaseStudyFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Public services designed and delivered with the people who use them."
    link = "/case-studies/"

    def get_object(self, request, service_area=None):
        return get_object_or_404(ServiceArea, slug=service_area) if service_area else None

    def title(self, obj):
        scope = f" in {obj.name}" if obj else ""
        return f"New case studies{scope} · Co-production portal"

    def items(self, obj):
        return case_studies_in_service_area(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url or item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [name for name in (item.service_area, item.region) if name] + [tag.name for tag in item.tags.all()]
