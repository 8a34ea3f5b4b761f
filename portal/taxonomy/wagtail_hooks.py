"""Admin set-up for the taxonomies editors manage: service areas, regions, organisation kinds and tags."""

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.taxonomy.models import OrganisationKind, Region, ServiceArea


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


class OrganisationKindViewSet(SnippetViewSet):
    model = OrganisationKind
    icon = "group"
    menu_label = "Organisation kinds"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class TagViewSet(SnippetViewSet):
    """The free tags on case studies: editors rename them, or delete one nobody should use."""

    model = Tag
    icon = "tag"
    menu_label = "Tags"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    panels = [TitleFieldPanel("name", placeholder=False, classname=""), FieldPanel("slug", widget=SlugInput)]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomies"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ServiceAreaViewSet, RegionViewSet, OrganisationKindViewSet, TagViewSet)


register_snippet(TaxonomyViewSetGroup)
