"""Admin set-up for the taxonomies editors manage."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.taxonomy.models import Region, ServiceArea


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomies"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ServiceAreaViewSet, RegionViewSet)


register_snippet(TaxonomyViewSetGroup)
