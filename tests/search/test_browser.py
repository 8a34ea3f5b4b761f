"""In Chromium: search, filter, open a result, download the CSV; axe-core on search and the gap map."""

import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policymaker_searches_filters_opens_and_downloads(catalogue, daphne_server, page, tmp_path):
    page.goto(f"{daphne_server}/search/")
    page.fill("#search-q", "budget")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_selector(".results")
    screenshot(page, "search-results")
    assert "Personal budgets planned with carers" in page.inner_text(".results")

    page.check("input[name=service_area][value=health]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**service_area=health**")
    results = page.inner_text(".results")
    screenshot(page, "search-filtered")
    assert "Residents decide the neighbourhood budget" in results
    assert "Personal budgets planned with carers" not in results

    with page.expect_download() as download_info:
        page.click("text=CSV")
    csv_path = tmp_path / "results.csv"
    download_info.value.save_as(csv_path)
    assert "Residents decide the neighbourhood budget" in csv_path.read_text()

    page.click(".results a:has-text('Residents decide the neighbourhood budget')")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Residents decide the neighbourhood budget"
    assert page.console_errors == []


def test_suggestions_appear_while_typing(catalogue, daphne_server, page):
    page.goto(f"{daphne_server}/search/")
    page.type("#search-q", "time ba", delay=30)

    page.wait_for_selector("#search-q-suggestions a")
    assert page.inner_text("#search-q-suggestions") == "A time bank at the surgery"
    screenshot(page, "search-suggestions")


@pytest.mark.parametrize("path", ["/search/?q=budget", "/evidence/"])
def test_search_pages_have_no_serious_accessibility_violations(catalogue, daphne_server, page, path):
    response = page.goto(daphne_server + path)

    assert response.status == 200
    screenshot(page, "search-axe-" + path.strip("/").split("/")[0].split("?")[0])
    assert axe_violations(page) == []


def test_the_header_search_box_searches_from_any_page(catalogue, daphne_server, page):
    page.goto(f"{daphne_server}/evidence/")
    page.fill("#site-search-q", "time bank")
    page.press("#site-search-q", "Enter")

    page.wait_for_selector(".results")
    assert "A time bank at the surgery" in page.inner_text(".results")
    assert page.console_errors == []


def test_an_editors_pick_stands_above_the_results_without_accessibility_violations(catalogue, daphne_server, page):
    from tests.search.test_promotions import promote

    promote("budget", catalogue["pb"], "How one neighbourhood voted on its own budget.")
    page.goto(f"{daphne_server}/search/?q=budget")

    pick = page.locator(".editors-picks")
    assert pick.get_by_role("heading", name="Editors' pick").is_visible()
    assert pick.get_by_role("link", name="Residents decide the neighbourhood budget").is_visible()
    assert pick.bounding_box()["y"] < page.locator("#results-title").bounding_box()["y"]
    screenshot(page, "search-editors-pick")
    assert axe_violations(page) == []


def test_on_a_phone_the_filters_fold_behind_a_disclosure_that_needs_no_script(catalogue, browser, daphne_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    phone = context.new_page()
    try:
        phone.goto(f"{daphne_server}/search/?q=budget")
        first_result = phone.locator(".results .card").first
        assert phone.locator("input[name=service_area]").first.is_hidden()
        assert first_result.bounding_box()["y"] < 844
        assert "Case studies (2)" in phone.inner_text(".type-counts")
        screenshot(phone, "search-phone-folded")

        phone.click("summary:has-text('Filters')")
        phone.fill("#year-from", "2012")
        phone.fill("#year-to", "2020")
        phone.click("form.filters button[type=submit]")
        phone.wait_for_url("**year_from=2012**")
        screenshot(phone, "search-phone-year-range")
        assert [title.strip() for title in phone.locator(".results .card__title").all_inner_texts()] == [
            "Residents decide the neighbourhood budget"
        ]
    finally:
        context.close()


def test_the_phone_layout_has_no_serious_accessibility_violations(catalogue, browser, daphne_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(f"{daphne_server}/search/?q=budget")
        phone.click("summary:has-text('Filters')")
        assert axe_violations(phone) == []
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(catalogue, daphne_server, page):
    page.goto(f"{daphne_server}/search/?q=budget")

    assert page.locator("input[name=service_area]").first.is_visible()
    assert page.locator(".filters-panel > summary").is_hidden()
    assert axe_violations(page) == []
