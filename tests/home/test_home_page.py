"""The home page: editors' featured case studies with a fallback, computed figures, principles, standard pages."""

import pytest
from wagtail.models import Page

from portal.home.models import HomeFeaturedCaseStudy, SiteChrome, StandardPage
from portal.home.services import load_demo_pages
from tests.conftest import queries_for
from tests.practices.factories import CaseStudyPageFactory, PrinciplePageFactory


def featured_titles(client):
    response = client.get("/")
    assert response.status_code == 200
    return [card["case_study"].title for card in response.context["featured"]]


def test_home_falls_back_to_the_newest_case_studies(client, site_tree):
    for n in range(4):
        CaseStudyPageFactory(title=f"Study {n}")

    assert featured_titles(client) == ["Study 3", "Study 2", "Study 1"]


def test_home_shows_the_editors_choice_in_their_order(client, site_tree):
    first, second, _ = (CaseStudyPageFactory(title=f"Study {n}") for n in range(3))
    HomeFeaturedCaseStudy.objects.create(home=site_tree, case_study=second, sort_order=0)
    HomeFeaturedCaseStudy.objects.create(home=site_tree, case_study=first, sort_order=1)

    assert featured_titles(client) == ["Study 1", "Study 0"]


def test_an_unpublished_featured_case_study_is_left_out(client, site_tree):
    shown = CaseStudyPageFactory(title="Shown")
    hidden = CaseStudyPageFactory(title="Hidden", live=False)
    HomeFeaturedCaseStudy.objects.create(home=site_tree, case_study=hidden, sort_order=0)
    HomeFeaturedCaseStudy.objects.create(home=site_tree, case_study=shown, sort_order=1)

    assert featured_titles(client) == ["Shown"]


def test_home_figures_are_computed_from_the_data(client, site_tree):
    CaseStudyPageFactory(title="A")
    CaseStudyPageFactory(title="B")
    CaseStudyPageFactory(title="Draft", live=False)

    figures = client.get("/").context["figures"]

    assert figures["case_studies"] == 2
    assert figures["service_areas"] == 2


def test_home_lists_the_principles(client, site_tree):
    PrinciplePageFactory(title="Reciprocity and mutuality")

    assert "Reciprocity and mutuality" in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_featured_items(client, site_tree):
    CaseStudyPageFactory(title="Study 0")
    PrinciplePageFactory()
    few = queries_for(client, "/")

    for n in range(1, 4):
        CaseStudyPageFactory(title=f"Study {n}")
        PrinciplePageFactory()
    more = queries_for(client, "/")

    assert more == few, f"{few} queries for one case study and principle, {more} for four"


def test_demo_pages_are_published_and_linked_from_the_footer(client, site_tree):
    load_demo_pages(home=site_tree)

    slugs = set(StandardPage.objects.live().values_list("slug", flat=True))
    assert {"about", "accessibility", "privacy", "terms"} <= slugs
    footer = client.get("/").content.decode().split('aria-label="Footer"')[1]
    assert "Accessibility statement" in footer
    assert "/privacy/" in footer
    assert client.get("/accessibility/").status_code == 200


def test_footer_link_must_be_a_page_or_an_address(site_tree):
    from wagtail.blocks.struct_block import StructBlockValidationError

    from portal.home.blocks import LinkBlock

    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean({"label": "Nowhere", "page": None, "url": ""})
    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean({"label": "Both", "page": Page.objects.get(pk=site_tree.pk), "url": "https://example.org"})


def test_site_chrome_has_a_default_footer_text(site_tree):
    assert "public services" in SiteChrome.load().footer_text


def test_header_shows_the_links_editors_add_after_the_portals_sections(client, site_tree):
    load_demo_pages(home=site_tree)
    chrome = SiteChrome.load()
    guide = StandardPage.objects.get(slug="terms")
    chrome.primary_navigation = [
        *chrome.primary_navigation.raw_data,
        {"type": "link", "value": {"label": "House rules", "page": guide.pk, "url": ""}},
    ]
    chrome.save()

    header = client.get("/privacy/").content.decode().split("</header>")[0]

    assert '<a href="/about/">About</a>' in header
    assert f'<a href="{guide.url}">House rules</a>' in header
    assert header.index("Discussions") < header.index("About") < header.index("House rules")
