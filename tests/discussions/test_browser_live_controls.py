"""In Chromium: a comment that arrives live gets the reader's own controls and runs no script; reactions and
removals reach open pages; the notification, unsubscribe and moderation pages pass axe."""

import pytest
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from portal.discussions import services
from portal.discussions.models import COMMENT_KIND
from portal.notifications.emails import unsubscribe_token
from tests.conftest import axe_violations, screenshot
from tests.discussions.conftest import in_worker
from tests.discussions.test_browser import sign_in
from tests.network.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = 'Hi <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 1"> [x](javascript:window.pwned=1)'


def open_reader(browser, user, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, user, url.split("/discussions/")[0])
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")
    return page


def test_a_live_comment_gets_reply_report_and_reactions_and_runs_no_script(
    daphne_server, browser, page, topic, member, other_member
):
    author = in_worker(UserFactory, username='<img src=x onerror="window.pwned = 1">')  # shown as the author name
    url = daphne_server + topic.get_absolute_url()
    sign_in(page.context, member, daphne_server)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")
    watcher = open_reader(browser, other_member, url)
    try:
        comment = in_worker(services.post_comment, target=topic, user=author, text=PAYLOAD)
        live = page.locator(f"#c{comment.pk}")
        live.wait_for(timeout=10_000)

        assert page.evaluate("window.pwned") is None
        assert live.locator("script, img, [onerror]").count() == 0
        assert live.locator("summary", has_text="Report the comment by").count() == 1
        assert live.locator("[data-author-name]").inner_text() == '<img src=x onerror="window.pwned = 1">'
        assert live.locator("summary", has_text="Reply").count() == 1
        screenshot(page, "discussions-live-comment-controls")

        with page.expect_navigation():  # the live form posts and comes back to the comment
            live.locator("button[data-reaction=like]").click()
        assert page.locator(f"#c{comment.pk} button[data-reaction=like]").inner_text() == "Like (1)"
        watcher.locator(f"#c{comment.pk} button[data-reaction=like]", has_text="Like (1)").wait_for(timeout=10_000)
        screenshot(watcher, "discussions-live-reaction-count")
        assert page.evaluate("window.pwned") is None
        assert watcher.evaluate("window.pwned") is None
    finally:
        watcher.context.close()


def test_a_removed_comment_leaves_open_pages(daphne_server, page, topic, member, other_member):
    keep = in_worker(services.post_comment, target=topic, user=member, text="This one stays")
    gone = in_worker(services.post_comment, target=topic, user=member, text="This one is taken down")
    sign_in(page.context, other_member, daphne_server)
    page.goto(daphne_server + topic.get_absolute_url())
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")

    in_worker(services.remove_comment, comment=gone)

    page.locator(f"#c{gone.pk}").wait_for(state="detached", timeout=10_000)
    assert page.locator(f"#c{keep.pk}").is_visible()
    assert "(1 comment)" in page.locator("section.thread h2").inner_text()


@pytest.mark.parametrize("which", ["notification_settings", "unsubscribe", "moderation_list", "all_settings"])
def test_notification_unsubscribe_and_moderation_pages_pass_axe(
    daphne_server, page, topic, member, other_member, moderator, which
):
    reported = in_worker(services.post_comment, target=topic, user=member, text="Reported for the moderators' list")
    in_worker(services.flag_comment, comment=reported, user=other_member)
    held = in_worker(services.post_comment, target=topic, user=other_member, text="Held until a moderator looks")
    in_worker(services.hold_comment, comment=held)
    in_worker(services.follow, user=member, target=topic)
    if which == "moderation_list":
        sign_in(page.context, moderator, daphne_server)
        path = reverse(XtdComment.snippet_viewset.get_url_name("list"))
    elif which == "unsubscribe":
        token = unsubscribe_token(member, [COMMENT_KIND])
        path = reverse("notifications:unsubscribe", kwargs={"token": token})
    elif which == "all_settings":
        sign_in(page.context, member, daphne_server)
        path = reverse("notifications:settings")
    else:
        sign_in(page.context, member, daphne_server)
        path = "/discussions/notifications/"
    response = page.goto(daphne_server + path)

    assert response.status == 200
    screenshot(page, f"discussions-{which.replace('_', '-')}")
    assert axe_violations(page) == []


def test_a_comment_removed_while_the_page_was_disconnected_goes_on_reconnect(
    daphne_server, page, topic, member, other_member
):
    keep = in_worker(services.post_comment, target=topic, user=member, text="This one stays")
    gone = in_worker(services.post_comment, target=topic, user=member, text="Taken down while the reader was away")
    sockets, state = [], {"refuse": False}

    def route(ws):  # the page's sockets pass through here, so the test can drop them and refuse new ones
        if state["refuse"]:
            ws.close()
        else:
            ws.connect_to_server()
            sockets.append(ws)

    page.route_web_socket("**/ws/discussions/**", route)
    sign_in(page.context, other_member, daphne_server)
    page.goto(daphne_server + topic.get_absolute_url())
    page.wait_for_function("() => document.querySelector('[data-presence]').textContent.includes('reading')")

    state["refuse"] = True
    sockets[-1].close()  # the connection drops; the script retries with backoff and is refused
    in_worker(services.remove_comment, comment=gone)
    page.wait_for_timeout(1500)
    assert page.locator(f"#c{gone.pk}").count() == 1  # nothing reached the page while it was away
    state["refuse"] = False

    page.locator(f"#c{gone.pk}").wait_for(state="detached", timeout=45_000)  # the catch-up on reconnect
    assert page.locator(f"#c{keep.pk}").is_visible()
    assert page.locator("[data-comment-count]").inner_text() == "1"
