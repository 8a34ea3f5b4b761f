"""Channels over Redis: real WebSocket clients against daphne in a subprocess."""

import asyncio
import json

import pytest
import websockets
from channels.layers import get_channel_layer
from django.contrib.contenttypes.models import ContentType
from websockets.exceptions import InvalidStatus

from portal.discussions.selectors import thread_group_name
from tests.conftest import run_async

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thread(site_tree):
    """A live page readers may follow: the home page is the one page the foundation has."""
    content_type = ContentType.objects.get_for_model(site_tree)
    return f"{content_type.app_label}.{content_type.model}", site_tree.pk, thread_group_name(content_type, site_tree.pk)


def ws_url(base_url: str, content_type: str, object_id: int) -> str:
    return f"{base_url.replace('http://', 'ws://')}/ws/discussions/{content_type}/{object_id}/"


async def next_event(ws, kind=None, timeout: float = 10):
    """The next message of this kind (any kind when None), skipping presence updates unless asked for."""
    while True:
        event = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if kind is None and event.get("kind") != "presence":
            return event
        if kind is not None and event.get("kind") == kind:
            return event


async def wait_until_joined(url: str, origin: str, count: int):
    """Open `count` sockets; connect() returns only after the consumer accepted, i.e. joined the group."""
    return [await websockets.connect(url, origin=origin, open_timeout=10) for _ in range(count)]


def test_a_group_message_reaches_two_real_websocket_clients(daphne_server, thread, settings):
    content_type, object_id, group = thread
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"

    async def scenario():
        sockets = await wait_until_joined(ws_url(daphne_server, content_type, object_id), daphne_server, 2)
        try:
            await get_channel_layer().group_send(group, {"type": "thread.event", "payload": {"hello": "both"}})
            return [await next_event(ws) for ws in sockets]
        finally:
            for ws in sockets:
                await ws.close()

    assert run_async(scenario) == [{"hello": "both"}, {"hello": "both"}]


def test_a_foreign_origin_is_refused(daphne_server, thread):
    content_type, object_id, _ = thread

    async def scenario():
        await websockets.connect(ws_url(daphne_server, content_type, object_id), origin="https://evil.example")

    with pytest.raises(InvalidStatus) as refusal:
        run_async(scenario)
    assert refusal.value.response.status_code == 403


def test_a_thread_that_does_not_exist_is_refused(daphne_server, thread):
    content_type, object_id, _ = thread

    async def scenario():
        await websockets.connect(ws_url(daphne_server, content_type, object_id + 999), origin=daphne_server)

    with pytest.raises(InvalidStatus) as refusal:
        run_async(scenario)
    assert refusal.value.response.status_code == 403
