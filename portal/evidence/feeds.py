"""The private Atom feed of a saved search: its secret token is the only key, and a revoked one is a 404."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from portal.evidence import selectors
from portal.evidence.versions import CITED_FIELDS


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, token):
        saved_search = selectors.saved_search_by_feed_token(token)
        if saved_search is None:
            raise Http404("No such feed: it may have been revoked.")
        return saved_search

    def title(self, saved_search):
        return f"Saved search: {saved_search.name}"

    def link(self, saved_search):
        return reverse("search:search") + "?" + selectors.search_query_string(saved_search)

    def subtitle(self, saved_search):
        return "Case studies first published, or changed, that match this search."

    def items(self, saved_search):
        return selectors.feed_entries(saved_search)

    def item_title(self, hit):
        return hit.case_study.title

    def item_description(self, hit):
        if hit.is_new:
            what = "Newly published."
        else:
            what = "Changed: " + ", ".join(CITED_FIELDS.get(name, name).lower() for name in hit.changed_fields) + "."
        return f"{what} {hit.case_study.summary}"

    def item_link(self, hit):
        if hit.revision_id:
            return reverse("evidence:case_study_version", args=[hit.case_study_id, hit.revision_id])
        return hit.case_study.url

    def item_guid(self, hit):
        return f"saved-search-hit-{hit.pk}"

    def item_guid_is_permalink(self, hit):
        return False

    def item_pubdate(self, hit):
        return hit.found_at

    def item_updateddate(self, hit):
        return hit.found_at

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response
