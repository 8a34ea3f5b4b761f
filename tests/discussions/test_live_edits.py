"""Edits and deletions reach open pages over real WebSockets, and a reader who was away gets them on reconnect."""

import asyncio
import json

import pytest
import websockets

from portal.discussions import services
from tests.conftest import run_async
from tests.discussions.conftest import in_worker
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import topic_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edit_and_a_deletion_reach_an_open_page(daphne_server, topic, member):
    comment = in_worker(services.post_comment, target=topic, user=member, text="First draft")

    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await next_event(ws, "presence")
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(
                None, lambda: in_worker(services.edit_comment, comment=comment, editor=member, text="Second draft")
            )
            edited = await next_event(ws, "comment")
            await loop.run_in_executor(None, lambda: in_worker(services.delete_comment, comment=comment, user=member))
            deleted = await next_event(ws, "comment")
            return edited, deleted

    edited, deleted = run_async(scenario)

    assert edited["id"] == comment.pk
    assert edited["late"] > 0
    assert "Second draft" in edited["html"]
    assert "edited" in edited["html"]
    assert deleted["id"] == comment.pk
    assert deleted["late"] > edited["late"]
    assert "Second draft" not in deleted["html"]
    assert "deleted by its author" in deleted["html"]


def test_a_reader_who_was_away_gets_the_deletion_not_the_text(daphne_server, topic, member):
    comment = in_worker(services.post_comment, target=topic, user=member, text="Said in haste")
    in_worker(services.delete_comment, comment=comment, user=member)

    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await ws.send(json.dumps({"since": comment.pk, "since_late": 0}))
            return await next_event(ws, "comment")

    event = run_async(scenario)

    assert event["id"] == comment.pk
    assert "Said in haste" not in event["html"]
    assert "deleted by its author" in event["html"]
