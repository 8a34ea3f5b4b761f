"""Control characters on the live threads' sockets: a bad path is refused, a bad message is answered and dropped."""

import asyncio
import json

import pytest
import websockets

from tests.conftest import run_async
from tests.discussions.factories import TopicFactory
from tests.discussions.test_live_channel import next_event, ws_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topic(db):
    return TopicFactory()


@pytest.mark.parametrize(
    "message",
    [
        json.dumps({"since": "1\u0000"}),  # escaped: only the decoded JSON holds the NUL
        '{"typing": true, "x": "\x00"}',  # a raw NUL in the frame
        "\x1b[2J not even JSON",
    ],
)
def test_a_message_with_a_control_character_gets_an_error_and_the_socket_stays_open(daphne_server, topic, message):
    async def scenario():
        async with websockets.connect(ws_url(daphne_server, "discussions.topic", topic.pk), origin=daphne_server) as ws:
            await ws.send(message)
            error = await next_event(ws, "error")
            await ws.send(json.dumps({"since": 0}))  # the socket still serves a good message
            await ws.ping()
            return error

    error = run_async(scenario)
    assert "control character" in error["message"]


def test_a_socket_path_with_a_control_character_is_refused(daphne_server, topic):
    async def scenario():
        url = ws_url(daphne_server, "discussions.topic%00", topic.pk)
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(url, origin=daphne_server, open_timeout=10):
                await asyncio.sleep(0)
        return refused.value.response.status_code

    assert run_async(scenario) == 403
