"""Two members on one topic in Chromium: a reply posted in one page appears live in the other; axe on the pages."""

import pytest
from django.test import Client

from tests.conftest import axe_violations, screenshot
from tests.discussions.conftest import comments_on, in_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, user, base_url):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def test_a_reply_posted_in_one_page_appears_in_the_other(daphne_server, browser, page, topic, member, other_member):
    from portal.discussions import services

    opening = in_worker(services.post_comment, target=topic, user=member, text="Opening point about payment")
    sign_in(page.context, other_member, daphne_server)
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(reader_context, member, daphne_server)
    reader = reader_context.new_page()
    try:
        url = daphne_server + topic.get_absolute_url()
        reader.goto(url)
        reader.locator("#comment-new").fill("Half-written thought that must survive")
        page.goto(url)
        reader.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('2 members')")

        page.locator(f"#c{opening.pk} > details > summary").click()
        page.locator(f"#comment-{opening.pk}").fill("We pay **vouchers** as well")
        page.locator(f"#c{opening.pk} > details button[type=submit]").click()
        page.wait_for_load_state()

        reply = comments_on(topic).last()
        live = reader.locator(f"#c{opening.pk} > .comment-children > #c{reply.pk}")
        live.wait_for(timeout=10_000)
        assert live.locator(".comment__body strong").inner_text() == "vouchers"
        assert reader.locator("#comment-new").input_value() == "Half-written thought that must survive"
        screenshot(reader, "discussions-live-reply-reader")
        screenshot(page, "discussions-live-reply-writer")
    finally:
        reader_context.close()


@pytest.mark.parametrize("which", ["forum_list", "forum", "topic"])
def test_discussion_pages_have_no_serious_accessibility_violations(daphne_server, page, topic, member, which):
    from portal.discussions import services

    in_worker(services.post_comment, target=topic, user=member, text="A comment with a [link](https://example.org)")
    sign_in(page.context, member, daphne_server)
    path = {"forum_list": "/discussions/", "forum": topic.forum.get_absolute_url(), "topic": topic.get_absolute_url()}
    page.goto(daphne_server + path[which])
    screenshot(page, f"discussions-{which}")
    assert axe_violations(page) == []
