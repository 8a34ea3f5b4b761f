"""Every page type works with JavaScript off, has the site's landmarks, and shows where keyboard focus is.

Live updates in a thread are the one feature that needs JavaScript; the thread itself is server-rendered."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import screenshot
from tests.home.test_walkthrough import demo_site, page_types  # noqa: F401 - demo_site is the fixture used below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_site")]

LANDMARKS = """() => ({
  banner: document.querySelectorAll('body > header, [role=banner]').length,
  main: document.querySelectorAll('main, [role=main]').length,
  contentinfo: document.querySelectorAll('body > footer, [role=contentinfo]').length,
  navigation: document.querySelectorAll('nav, [role=navigation]').length,
  h1: [...document.querySelectorAll('main h1')].filter(h => h.offsetParent !== null).length,
})"""

FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {
    tag: document.activeElement.tagName,
    text: document.activeElement.textContent.trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_every_page_type_has_landmarks_a_heading_and_a_visible_focus_without_javascript(daphne_server, no_script):
    failures = {}
    for name, path in page_types().items():
        response = no_script.goto(daphne_server + path)
        problems = [] if response.status == 200 else [f"status {response.status}"]
        landmarks = no_script.evaluate(LANDMARKS)
        expected = {"banner": 1, "main": 1, "contentinfo": 1}
        problems.extend(f"{role}: {landmarks[role]}" for role, count in expected.items() if landmarks[role] != count)
        if landmarks["navigation"] < 1:
            problems.append("no navigation landmark")
        if landmarks["h1"] != 1:
            problems.append(f"{landmarks['h1']} visible h1 in main")
        # The first Tab reaches the skip link, the second the site's name: both show a focus ring.
        for expected_text in ("Skip to main content", "Co-production portal"):
            no_script.keyboard.press("Tab")
            focused = no_script.evaluate(FOCUS_RING)
            if focused["text"] != expected_text or not focused["outline"]:
                problems.append(f"focus after Tab: {focused}")
        if problems:
            failures[f"{name} {path}"] = problems

    assert failures == {}


def test_header_search_works_without_javascript(daphne_server, no_script):
    no_script.goto(daphne_server + "/")

    no_script.fill("#site-search-q", "time bank")
    no_script.press("#site-search-q", "Enter")

    no_script.wait_for_url("**/search/?q=time+bank*")
    assert no_script.locator("main h2").filter(has_text="results for").count() == 1
    assert no_script.locator("main .card").count() > 0
    screenshot(no_script, "no-js-search")


@pytest.mark.parametrize(
    ("path", "choice", "parameter"),
    [
        ("/case-studies/", "form.filters input[name=service_area]", "service_area"),
        ("/practitioners/", "form.filters input[name=region]", "region"),
    ],
)
def test_filters_work_without_javascript(daphne_server, no_script, path, choice, parameter):
    no_script.goto(daphne_server + path)
    # On a phone the filters fold away behind their summary, which opens without JavaScript too.
    if no_script.locator("details.filters-panel:not([open]) > summary").count():
        no_script.locator("details.filters-panel > summary").first.click()
    checkbox = no_script.locator(choice).first
    value = checkbox.get_attribute("value")

    checkbox.check()
    no_script.locator("form.filters button[type=submit]").first.click()

    no_script.wait_for_load_state()
    assert parse_qs(urlsplit(no_script.url).query)[parameter] == [value]
    assert no_script.locator(f"{choice}[value='{value}']").is_checked()
    assert no_script.locator("main .card").count() > 0
    screenshot(no_script, f"no-js-filter-{parameter}")
