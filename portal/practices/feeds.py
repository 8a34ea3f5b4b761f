"""Atom feeds of newly published case studies, overall and per service area."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from portal.links import absolute_url
from portal.practices.selectors import case_studies_in_service_area
from portal.taxonomy.models import ServiceArea

FEED_LENGTH = 30


class CaseStudyFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Public services designed and delivered with the people who use them."

    # Absolute here, so Django's syndication never prefixes the Sites record's domain with the request's scheme.
    def link(self, obj):
        return absolute_url("/case-studies/" + (f"?service_area={obj.slug}" if obj else ""))

    def feed_url(self, obj):
        if obj:
            return absolute_url(reverse("practices:case_study_area_feed", args=[obj.slug]))
        return absolute_url(reverse("practices:case_study_feed"))

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
        return absolute_url(item.url)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [name for name in (item.service_area, item.region) if name] + [tag.name for tag in item.tags.all()]
