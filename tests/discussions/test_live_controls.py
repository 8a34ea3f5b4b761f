"""A comment that arrives live gets the reader's own controls: the page fetches the comment rendered for its
reader (`/discussions/comments/<id>/node/`), the same template as the comments rendered with the page."""

import asyncio
from datetime import timedelta

import pytest
import websockets
from django.test import Client
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions import services
from tests.conftest import run_async
from tests.discussions.conftest import in_worker
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import topic_url


def node_html(user, comment, next_url="/discussions/"):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(f"/discussions/comments/{comment.pk}/node/", {"next": next_url})


@pytest.mark.django_db
def test_the_author_gets_quote_edit_and_delete_but_no_reactions_or_report(topic, member):
    comment = services.post_comment(target=topic, user=member, text="My own point")

    response = node_html(member, comment)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert f'data-quote="{comment.pk}"' in html
    assert f"/discussions/comments/{comment.pk}/edit/" in html
    assert f"/discussions/comments/{comment.pk}/delete/" in html
    assert "reaction-button" not in html
    assert "data-report-form" not in html


@pytest.mark.django_db
def test_another_member_gets_quote_reactions_report_and_a_reply_box(topic, member, other_member):
    comment = services.post_comment(target=topic, user=member, text="Someone else's point")
    services.toggle_reaction(comment=comment, user=other_member, kind="like")

    html = node_html(other_member, comment, next_url=topic.get_absolute_url() + "?page=2").content.decode()

    assert f'data-quote="{comment.pk}"' in html
    assert "/edit/" not in html
    assert "/delete/" not in html
    assert 'data-reaction="like" aria-pressed="true"' in html
    assert "data-report-form" in html
    assert f'value="{topic.get_absolute_url()}?page=2#c{comment.pk}"' in html  # back to the reader's page
    assert 'name="reply_to"' in html


@pytest.mark.django_db
def test_the_edit_link_goes_when_the_edit_window_has_passed(topic, member, settings):
    comment = services.post_comment(target=topic, user=member, text="An old point")
    XtdComment.objects.filter(pk=comment.pk).update(submit_date=timezone.now() - timedelta(hours=2))

    html = node_html(member, comment).content.decode()

    assert "/edit/" not in html
    assert "/delete/" in html


@pytest.mark.django_db
def test_a_visitor_gets_the_comment_without_member_controls(topic, member):
    comment = services.post_comment(target=topic, user=member, text="Open to read")

    html = node_html(None, comment).content.decode()

    assert "Open to read" in html
    assert "data-quote" not in html
    assert "data-report-form" not in html


@pytest.mark.django_db
def test_a_removed_comment_or_a_foreign_next_is_not_served(topic, member, other_member):
    comment = services.post_comment(target=topic, user=member, text="Taken down")
    kept = services.post_comment(target=topic, user=member, text="Kept")
    services.remove_comment(comment=comment)

    assert node_html(other_member, comment).status_code == 404
    html = node_html(other_member, kept, next_url="https://evil.example/").content.decode()
    assert "evil.example" not in html


@pytest.mark.django_db(transaction=True)
def test_a_comment_heard_over_the_socket_renders_with_each_readers_controls(daphne_server, topic, member, other_member):
    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await next_event(ws, "presence")
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(
                None, lambda: in_worker(services.post_comment, target=topic, user=member, text="Heard live")
            )
            return await next_event(ws, "comment")

    event = run_async(scenario)
    comment = XtdComment.objects.get(pk=event["id"])

    broadcast = event["html"]
    for_author = in_worker(node_html, member, comment).content.decode()
    for_other = in_worker(node_html, other_member, comment).content.decode()
    assert "data-quote" not in broadcast  # the broadcast is the same for everyone: no reader's controls
    assert "/edit/" in for_author
    assert "data-report-form" not in for_author
    assert "/edit/" not in for_other
    assert "data-report-form" in for_other
    assert "data-quote" in for_other
