"""The home page, generic standard pages, and the site-wide navigation and footer."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from portal.home.blocks import LinkBlock, StandardBodyBlock


class HomePage(Page):
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="What co-production is, in a few sentences, for a first-time visitor.",
    )
    featured_heading = models.CharField(max_length=80, default="Featured practice")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("featured_heading"),
                InlinePanel(
                    "featured_case_studies",
                    label="Featured case study",
                    max_num=6,
                    help_text="Chosen and ordered by editors; when empty, the newest case studies are shown.",
                ),
            ],
            heading="Featured case studies",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from portal.home.selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(self, request.user))
        return context


class HomeFeaturedCaseStudy(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_case_studies")
    case_study = models.ForeignKey("practices.CaseStudyPage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("case_study", "practices.CaseStudyPage")]


class StandardPage(Page):
    """About, guides and policies: a title, an introduction and a StreamField body."""

    introduction = models.CharField(max_length=300, blank=True)
    body = StreamField(StandardBodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


@register_setting(icon="list-ul")
class SiteChrome(BaseGenericSetting):
    """The links editors manage in the site's header and footer."""

    primary_navigation = StreamField([("link", LinkBlock())], blank=True, help_text="Links in the header, in order.")
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="Links in the footer: policies, accessibility, contact."
    )
    footer_text = models.CharField(
        max_length=250,
        blank=True,
        default="Practice, evidence and debate on designing public services with the people who use them.",
    )

    panels = [FieldPanel("primary_navigation"), FieldPanel("footer_links"), FieldPanel("footer_text")]

    class Meta:
        verbose_name = "Navigation and footer"
