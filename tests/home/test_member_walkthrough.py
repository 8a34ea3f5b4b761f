"""Walk the pages a signed-in member sees in Chromium, at 1280 and 320 px: each answers with a
Content-Security-Policy that nothing on it violates, has no console errors, passes axe-core and fits
the screen; so does the case study form sent back with its errors."""

import pytest
from django.test import Client

from tests.conftest import axe_violations, csp_violations, screenshot, watch_csp
from tests.home.test_valid_html import member_pages
from tests.home.test_walkthrough import demo_site, page_types  # noqa: F401 - demo_site is the fixture used below
from tests.network.factories import PractitionerProfileFactory

# allauth's own pages a member reaches from the account menu (its email page loads allauth's scripts).
ACCOUNT_PAGES = {"account-email": "/accounts/email/", "password-change": "/accounts/password/change/"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_site")]


def signed_in_context(browser, base_url, width):
    member = PractitionerProfileFactory(display_name=f"Walking Member {width}").user
    client = Client()
    client.force_login(member)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    context.missing_csp_header = watch_csp(context)
    return context


def problems_on(page, width, errors) -> list[str]:
    page.wait_for_load_state("networkidle")
    problems = [f"CSP: {violation}" for violation in csp_violations(page)]
    problems.extend(f"no CSP header: {url}" for url in page.context.missing_csp_header)
    page.context.missing_csp_header.clear()
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
        problems.append("scrolls sideways")
    if width == 1280:
        problems.extend(f"axe {v['id']}: {v['help']} {v['nodes']}" for v in axe_violations(page))
    problems.extend(f"console: {error}" for error in errors)
    return problems


def test_every_member_page_is_accessible_and_fits_a_narrow_screen(daphne_server, browser):
    failures = {}
    errors = []
    for width in (1280, 320):
        context = signed_in_context(browser, daphne_server, width)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for name, path in {**member_pages(page_types()), **ACCOUNT_PAGES}.items():
            errors.clear()
            response = page.goto(daphne_server + path)
            assert page.locator("form[action='/accounts/logout/'] button").count() == 1, f"{name}: not signed in"
            problems = [] if response.status == 200 else [f"status {response.status}"]
            problems.extend(problems_on(page, width, errors))
            screenshot(page, f"member-{width}-{name}")
            if problems:
                failures[f"{width}px {name} {path}"] = problems
        context.close()

    assert failures == {}


@pytest.mark.parametrize("width", [1280, 320])
def test_the_case_study_form_sent_back_with_errors_is_accessible(daphne_server, browser, width):
    context = signed_in_context(browser, daphne_server, width)
    page = context.new_page()
    page.goto(daphne_server + "/submissions/new/")

    # The browser's own checks would stop an empty form; the server's answer is what is tested here.
    page.evaluate("document.querySelector('main form').noValidate = true")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.locator(".error-summary").is_visible()
    screenshot(page, f"member-{width}-share-case-study-errors")
    assert problems_on(page, width, []) == []
    context.close()
