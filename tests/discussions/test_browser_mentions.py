"""In Chromium, two members: one mentions the other through the "@" suggestions, whose bell counts up live;
an edit reaches the other's open page; both widths pass axe."""

import pytest

from tests.conftest import axe_violations, screenshot
from tests.discussions.test_browser import sign_in
from tests.discussions.test_browser_live_controls import open_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mention_rings_the_bell_live_and_an_edit_reaches_the_other_page(
    daphne_server, browser, page, topic, member, other_member
):
    url = daphne_server + topic.get_absolute_url()
    sign_in(page.context, member, daphne_server)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")
    watcher = open_reader(browser, other_member, url)
    try:
        box = page.locator("#comment-new")
        box.click()
        box.press_sequentially("Thanks @To")
        option = page.get_by_role("option", name=f"Tom Reyes @{other_member.profile.slug}")
        option.wait_for(timeout=10_000)
        screenshot(page, "discussions-mention-suggestions")
        assert axe_violations(page) == []
        box.press("ArrowDown")  # one match: still Tom
        box.press("Enter")
        assert box.input_value() == f"Thanks @{other_member.profile.slug} "
        box.press_sequentially("for the figures")
        with page.expect_navigation():
            page.locator("form.comment-form").last.get_by_role("button", name="Post").click()

        watcher.locator("[data-bell-count]", has_text="1").wait_for(timeout=10_000)
        mention = watcher.locator(f"a.mention[href='{other_member.profile.get_absolute_url()}']")
        mention.wait_for(timeout=10_000)

        page.get_by_role("link", name="Edit your comment").click()
        page.get_by_label("Your comment").fill(f"Thanks @{other_member.profile.slug} for the new figures")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the comment").click()
        watcher.locator(".comment__body", has_text="for the new figures").wait_for(timeout=10_000)
        assert watcher.locator(".comment__edited").count() == 1
        screenshot(watcher, "discussions-edit-arrived-live-1280")
        assert axe_violations(watcher) == []

        watcher.set_viewport_size({"width": 390, "height": 844})
        screenshot(watcher, "discussions-edit-arrived-live-390")
        assert axe_violations(watcher) == []
    finally:
        watcher.context.close()
