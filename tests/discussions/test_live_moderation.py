"""Moderation and reactions reach open pages live, and catch-up never misses a comment published late."""

import asyncio
import json

import pytest
import websockets
from django.test import Client
from django_comments_xtd.models import XtdComment

from portal.discussions import selectors, services
from tests.conftest import run_async
from tests.discussions.conftest import comments_on
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import post_as, topic_url
from tests.discussions.test_moderation import decision_url

pytestmark = pytest.mark.django_db(transaction=True)


def while_reading(daphne_server, topic, action, kind, since=None):
    """Open a reader on the topic, do `action` in a worker thread, and return the first event of `kind`."""

    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await next_event(ws, "presence")  # the consumer has joined the group
            if since is not None:
                await ws.send(json.dumps(since))
            await asyncio.get_running_loop().run_in_executor(None, action)
            return await next_event(ws, kind)

    return run_async(scenario)


@pytest.mark.parametrize("decision", [services.remove_comment, services.hold_comment])
def test_removing_or_holding_a_published_comment_takes_it_off_open_pages(daphne_server, topic, member, decision):
    post_as(member, topic, "Something a moderator takes down")
    comment = comments_on(topic).get()

    event = while_reading(daphne_server, topic, lambda: decision(comment=comment), "removed")

    assert event["id"] == comment.pk
    assert event["late"] == selectors.last_late_publication_id(comment.content_type, topic.pk)


def test_a_decision_in_the_moderation_admin_reaches_open_pages(daphne_server, topic, member, moderator):
    post_as(member, topic, "Taken down in the admin")
    comment = comments_on(topic).get()

    def hold_in_the_admin():
        admin = Client()
        admin.force_login(moderator)
        assert admin.post(decision_url(XtdComment, "hold-comments", comment)).status_code == 302

    assert while_reading(daphne_server, topic, hold_in_the_admin, "removed")["id"] == comment.pk


def test_reaction_counts_reach_open_pages(daphne_server, topic, member, other_member):
    post_as(member, topic, "React to me")
    comment = comments_on(topic).get()

    def react():
        services.toggle_reaction(comment=comment, user=other_member, kind="agree")

    event = while_reading(daphne_server, topic, react, "reactions")

    assert event == {"kind": "reactions", "id": comment.pk, "counts": {"like": 0, "agree": 1}}


def test_a_held_comment_published_later_reaches_a_reader_who_reconnects(daphne_server, topic, member, other_member):
    post_as(member, topic, "See https://example.org first")  # a link from a member who joined today: held
    held = comments_on(topic).get()
    assert not held.is_public
    post_as(other_member, topic, "A later comment without links")
    later = comments_on(topic).last()
    # The reader saw `later` (a higher id than the held comment) before the moderator published it.
    page_cursor = {"since": later.pk, "since_late": 0}
    services.publish_comment(comment=held)

    async def reconnect():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await ws.send(json.dumps(page_cursor))
            return await next_event(ws, "comment")

    event = run_async(reconnect)

    assert event["id"] == held.pk
    assert event["late"] > 0
    assert "example.org" in event["html"]


def test_a_reader_who_already_has_the_late_comment_is_not_sent_it_again(daphne_server, topic, member, other_member):
    post_as(member, topic, "Held by reports")
    comment = comments_on(topic).get()
    services.hold_comment(comment=comment)
    services.publish_comment(comment=comment)
    post_as(other_member, topic, "Newest")
    newest = comments_on(topic).last()

    cursor = {"since": newest.pk, "since_late": selectors.last_late_publication_id(comment.content_type, topic.pk)}

    async def reconnect():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await ws.send(json.dumps(cursor))
            with pytest.raises(TimeoutError):
                await next_event(ws, "comment", timeout=1.5)

    run_async(reconnect)


def reconnect_with(daphne_server, topic, cursor, kind, timeout=10):
    """Reconnect with a page's cursors and return the first catch-up event of `kind` (None if none comes)."""

    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await ws.send(json.dumps(cursor))
            try:
                return await next_event(ws, kind, timeout=timeout)
            except TimeoutError:
                return None

    return run_async(scenario)


def test_a_reader_who_was_away_when_a_comment_was_removed_takes_it_out_on_reconnect(
    daphne_server, topic, member, other_member
):
    post_as(member, topic, "Taken down while the reader's laptop slept")
    post_as(other_member, topic, "Stays")
    gone, stays = comments_on(topic)
    page_cursor = {"since": stays.pk, "since_late": 0}  # the page saw both, before any moderation
    services.remove_comment(comment=gone)

    event = reconnect_with(daphne_server, topic, page_cursor, "removed")

    assert event == {
        "kind": "removed",
        "id": gone.pk,
        "late": selectors.last_late_publication_id(gone.content_type, topic.pk),
    }
    assert reconnect_with(daphne_server, topic, {**page_cursor, "since_late": event["late"]}, "removed", 1.5) is None


def test_catch_up_sends_what_the_thread_shows_now_after_moderation_back_and_forth(topic, member, other_member):
    post_as(member, topic, "Held, then published again")
    post_as(other_member, topic, "Removed for good")
    back, gone = comments_on(topic)
    content_type = back.content_type
    services.hold_comment(comment=back)
    services.remove_comment(comment=gone)
    services.publish_comment(comment=back)
    services.hold_comment(comment=gone)  # a second decision on a comment already out: one removal to send

    removals = selectors.removals_since(content_type, topic.pk, 0)
    comments = selectors.comments_since(content_type, topic.pk, gone.pk, 0)

    assert [comment_id for comment_id, _ in removals] == [gone.pk]
    assert removals[0][1] == selectors.last_late_publication_id(content_type, topic.pk)
    assert [comment.pk for comment in comments] == [back.pk]
    assert selectors.removals_since(content_type, topic.pk, removals[0][1]) == []
