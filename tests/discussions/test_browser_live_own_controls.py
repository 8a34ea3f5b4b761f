"""In Chromium, two members: a comment that arrives live shows Edit and Delete to its author and Quote,
reactions and a report form to the other, and each works without a reload; axe at 1280 and 390 px."""

import pytest

from portal.discussions import services
from tests.conftest import axe_violations, screenshot
from tests.discussions.conftest import in_worker
from tests.discussions.test_browser import sign_in
from tests.discussions.test_browser_live_controls import open_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_live_comment_has_quote_edit_and_report_for_the_right_reader(
    daphne_server, browser, page, topic, member, other_member
):
    url = daphne_server + topic.get_absolute_url()
    sign_in(page.context, member, daphne_server)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")
    other = open_reader(browser, other_member, url)
    try:
        comment = in_worker(services.post_comment, target=topic, user=member, text="Posted from another tab")
        mine = page.locator(f"#c{comment.pk}")
        mine.locator("a", has_text="Edit").wait_for(timeout=10_000)
        theirs = other.locator(f"#c{comment.pk}")
        theirs.locator("[data-quote]").wait_for(timeout=10_000)

        assert mine.locator("a", has_text="Delete").count() == 1
        assert mine.locator("button[data-reaction], [data-report-form]").count() == 0
        assert theirs.locator("a", has_text="Edit").count() == 0
        for reader, name in ((page, "author"), (other, "other")):
            for width in (1280, 390):
                reader.set_viewport_size({"width": width, "height": 900})
                screenshot(reader, f"discussions-live-own-controls-{name}-{width}")
                assert axe_violations(reader) == []
        other.set_viewport_size({"width": 1280, "height": 900})

        theirs.locator("summary", has_text="Report").click()
        theirs.locator("input[name=reason][value=spam]").check()
        theirs.locator("button", has_text="Send the report").click()
        theirs.locator("[data-report-status]").filter(has_text="Thank").wait_for(timeout=10_000)
        assert other.url == url  # sent in place

        with other.expect_navigation():
            theirs.locator("[data-quote]").click()
        box = other.locator(f"#comment-{comment.pk}")
        assert "Posted from another tab" in box.input_value()
        assert f"?c={comment.pk}#c{comment.pk})" in box.input_value()  # the quote links to its page

        with page.expect_navigation():
            mine.locator("a", has_text="Edit").click()
        assert "/edit/" in page.url
        page.locator("textarea[name=comment]").fill("Posted from another tab, then edited")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the comment").click()
        other.locator(f"#c{comment.pk} .comment__edited").wait_for(timeout=10_000)
        assert "then edited" in other.locator(f"#c{comment.pk} .comment__body").inner_text()
    finally:
        other.context.close()
