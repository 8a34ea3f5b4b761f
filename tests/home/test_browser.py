"""The home page and the admin login in Debian's Chromium, with an accessibility check."""

import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_without_console_errors(daphne_server, site_tree, page):
    response = page.goto(daphne_server + "/")

    assert response.status == 200
    assert page.locator("h1").inner_text() == site_tree.title
    screenshot(page, "home")
    assert page.console_errors == []


def test_admin_login_leads_to_the_portals_sign_in_without_console_errors(daphne_server, site_tree, page):
    response = page.goto(daphne_server + "/admin/login/")

    assert response.status == 200
    assert "/accounts/login/" in page.url  # every way into the admin goes through allauth's sign-in
    assert page.locator("input[name=login]").is_visible()
    screenshot(page, "admin-login")
    assert page.console_errors == []


def test_home_page_has_no_serious_accessibility_violations(daphne_server, site_tree, page):
    page.goto(daphne_server + "/")

    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_the_main_content(daphne_server, site_tree, page):
    page.goto(daphne_server + "/")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
