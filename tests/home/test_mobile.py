"""On a 390px phone and a 1280px screen, in Chromium: the main menu, the evidence gap map and a case study."""

import pytest

from tests.conftest import axe_violations, screenshot
from tests.practices.factories import (
    CaseStudyPageFactory,
    PrincipleApplicationFactory,
    PrinciplePageFactory,
    RegionFactory,
    ServiceAreaFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PRINCIPLES = ["Capabilities", "Reciprocity", "Peer support", "Blurring roles", "Facilitators", "Assets"]
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture
def catalogue(site_tree):
    """Six principles and a case study in each of four service areas, applying most of them."""
    principles = [PrinciplePageFactory(title=title, short_title=title) for title in PRINCIPLES]
    region = RegionFactory(name="North West England")
    case_studies = []
    for n, area in enumerate(["Health", "Housing", "Local democracy and budgets", "Waste and environment"]):
        case_study = CaseStudyPageFactory(
            title=f"Residents and staff redesign {area.lower()} together",
            summary="A long enough summary of what people did together, and what it achieved for the area. " * 2,
            service_area=ServiceAreaFactory(name=area),
            region=region,
            evidence_level=n + 2,
        )
        for principle in principles[n : n + 4]:
            PrincipleApplicationFactory(page=case_study, principle=principle, strength=2, how="Together.")
        case_studies.append(case_study)
    return case_studies


def new_page(browser, viewport, javascript=True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_on_a_phone_the_main_links_fold_behind_a_menu_that_opens(daphne_server, site_tree, browser, javascript):
    page = new_page(browser, PHONE, javascript)
    page.goto(daphne_server + "/")
    toggle = page.locator("summary.site-menu__toggle")
    principles_link = page.get_by_role("link", name="Principles", exact=True)

    assert toggle.is_visible()
    assert not principles_link.is_visible()
    brand, menu = box(page, ".site-header__brand"), toggle.bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (menu["y"] + menu["height"] / 2)) < 8  # one row
    assert box(page, ".site-header")["height"] < 140  # brand and menu, then the search box: no more
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    screenshot(page, f"menu-390-closed-{'js' if javascript else 'nojs'}")

    toggle.click()

    assert principles_link.is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
    screenshot(page, f"menu-390-open-{'js' if javascript else 'nojs'}")
    if javascript:
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        assert not principles_link.is_visible()
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_on_a_wide_screen_the_main_links_show_without_a_menu_button(daphne_server, site_tree, browser, javascript):
    page = new_page(browser, DESKTOP, javascript)
    page.goto(daphne_server + "/")

    assert not page.locator("summary.site-menu__toggle").is_visible()
    for name in ("Principles", "Case studies", "Evidence", "Discussions", "Sign in"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    screenshot(page, f"menu-1280-{'js' if javascript else 'nojs'}")
    if javascript:
        assert axe_violations(page) == []
    page.context.close()


def test_the_gap_map_keeps_its_service_areas_in_view_on_a_phone(daphne_server, catalogue, browser):
    page = new_page(browser, PHONE)
    page.goto(daphne_server + "/evidence/")
    region = page.locator(".table-scroll")
    first_row_header = page.locator(".gap-map tbody th[scope=row]").first
    region.scroll_into_view_if_needed()
    left_before = first_row_header.bounding_box()["x"]

    region.evaluate("element => { element.scrollLeft = element.scrollWidth; }")

    assert region.evaluate("element => element.scrollLeft") > 100  # the principles scroll ...
    assert abs(first_row_header.bounding_box()["x"] - left_before) < 2  # ... under a service area that stays
    assert first_row_header.is_visible()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    screenshot(page, "gap-map-390-scrolled")
    assert axe_violations(page) == []
    assert page.console_errors == []
    page.context.close()


def test_the_gap_map_shows_every_principle_on_a_wide_screen(daphne_server, catalogue, browser):
    page = new_page(browser, DESKTOP)
    page.goto(daphne_server + "/evidence/")

    headers = page.locator(".gap-map thead th")
    assert [headers.nth(i).inner_text() for i in range(1, 7)] == PRINCIPLES
    assert all(headers.nth(i).is_visible() for i in range(7))
    assert region_fits(page)
    screenshot(page, "gap-map-1280")
    page.context.close()


def region_fits(page) -> bool:
    return page.locator(".table-scroll").evaluate("element => element.scrollWidth <= element.clientWidth + 1")


def test_on_a_phone_a_case_study_shows_its_evidence_level_and_principles_near_the_top(
    daphne_server, catalogue, browser
):
    case_study = catalogue[2]
    page = new_page(browser, PHONE)
    page.goto(daphne_server + case_study.url)
    glance = page.locator(".case-study__glance")

    assert glance.is_visible()
    assert glance.bounding_box()["y"] + glance.bounding_box()["height"] < PHONE["height"]  # in the first screen
    assert "Level 4 of 5" in glance.inner_text()
    for principle in PRINCIPLES[2:6]:
        assert principle in glance.inner_text()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    screenshot(page, "case-study-390-top")
    assert axe_violations(page) == []
    page.context.close()


def test_on_a_wide_screen_the_sidebar_carries_the_evidence_level_instead(daphne_server, catalogue, browser):
    page = new_page(browser, DESKTOP)
    page.goto(daphne_server + catalogue[0].url)

    assert not page.locator(".case-study__glance").is_visible()
    assert page.locator(".sidebar .evidence-badge").is_visible()
    assert page.locator(".sidebar .evidence-badge").bounding_box()["y"] < DESKTOP["height"]
    screenshot(page, "case-study-1280-top")
    page.context.close()
