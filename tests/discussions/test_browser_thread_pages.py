"""In Chromium, a long topic in pages (three conversations a page): live comments land on the page that
shows them, and a reader on another page is told where they went; axe at 1280 and 390 px."""

import pytest

from portal.discussions import services
from tests.conftest import axe_violations, running_daphne, screenshot
from tests.discussions.conftest import in_worker
from tests.discussions.test_browser import sign_in
from tests.discussions.test_thread_pages import add_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, user, base_url, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, user, base_url)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")
    return page


def test_live_comments_reach_the_page_that_shows_them(
    settings, redis_url, elasticsearch_url, browser, topic, member, other_member
):
    settings.DISCUSSION_THREADS_PER_PAGE = 3  # the posting side (this process) pages the live events too
    roots = [in_worker(add_comment, topic, member, f"Conversation {n}") for n in range(4)]
    overrides = {"REDIS_URL": redis_url, "ELASTICSEARCH_URL": elasticsearch_url, "DISCUSSION_THREADS_PER_PAGE": "3"}
    with running_daphne(settings, DEBUG="1", **overrides) as base_url:
        url = base_url + topic.get_absolute_url()
        first = open_page(browser, other_member, base_url, url)
        last = open_page(browser, other_member, base_url, url + "?page=2")
        try:
            assert first.locator("nav.thread__pages").first.inner_text().count("Page 1 of 2") == 1
            newest = in_worker(services.post_comment, target=topic, user=member, text="A new conversation")
            last.locator(f"#c{newest.pk}").wait_for(timeout=10_000)
            note = first.locator("[data-elsewhere] a", has_text="1 new comment on page 2")
            note.wait_for(timeout=10_000)
            assert first.locator(f"#c{newest.pk}").count() == 0

            reply = in_worker(services.post_comment, target=topic, user=member, text="Late reply", reply_to=roots[0])
            first.locator(f"#c{roots[0].pk} > .comment-children > #c{reply.pk}").wait_for(timeout=10_000)
            last.locator("[data-elsewhere] a", has_text="1 new reply on page 1").wait_for(timeout=10_000)

            for width in (1280, 390):
                first.set_viewport_size({"width": width, "height": 900})
                screenshot(first, f"discussions-thread-pages-{width}")
                assert axe_violations(first) == []

            with first.expect_navigation():
                note.click()
            first.locator(f"#c{newest.pk}").wait_for(timeout=10_000)
            assert "Page 2 of 2" in first.locator("nav.thread__pages").first.inner_text()
        finally:
            first.context.close()
            last.context.close()
