"""Presence against the real Redis: who counts as reading a thread, and for how long."""

import asyncio
import json
import time
import uuid

import pytest
import websockets

from portal.discussions import presence
from tests.conftest import run_async


@pytest.fixture
def group(settings):
    assert settings.REDIS_URL, "presence is shared through Redis in tests"
    return f"thread.test.presence.{uuid.uuid4().hex}"


def test_a_socket_whose_process_died_stops_counting(group):
    async def scenario():
        await presence.join(group, "ghost", now=time.time() - presence.STALE_AFTER - 1)
        return await presence.join(group, "reader")

    assert run_async(scenario) == 1


def test_a_heartbeat_keeps_a_long_reader_counted(group):
    start = time.time()

    async def scenario():
        await presence.join(group, "long-reader", now=start)
        await presence.refresh(group, "long-reader", now=start + presence.STALE_AFTER - 1)
        return await presence.join(group, "newcomer", now=start + presence.STALE_AFTER + 1)

    assert run_async(scenario) == 2


def test_a_heartbeat_after_leaving_does_not_count_the_socket_again(group):
    async def scenario():
        await presence.join(group, "reader")
        await presence.leave(group, "reader")
        return await presence.refresh(group, "reader")

    assert run_async(scenario) == 0


def test_without_redis_one_process_counts_its_own_readers(group, settings):
    settings.REDIS_URL = ""

    async def scenario():
        await presence.join(group, "ghost", now=time.time() - presence.STALE_AFTER - 1)
        counts = [await presence.join(group, "first"), await presence.join(group, "second")]
        counts.append(await presence.leave(group, "first"))
        return counts

    assert run_async(scenario) == [1, 2, 1]


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_to_a_crowded_thread_learns_the_count_at_once(daphne_server, topic):
    url = f"{daphne_server.replace('http://', 'ws://')}/ws/discussions/discussions.topic/{topic.pk}/"
    crowd = presence.ANNOUNCE_EACH_CHANGE_UP_TO

    async def scenario():
        sockets = [await websockets.connect(url, origin=daphne_server) for _ in range(crowd)]
        try:
            async with websockets.connect(url, origin=daphne_server) as newcomer:
                # Within 10 s, long before any heartbeat (the crowd's last joins may still be announced first).
                while True:
                    event = json.loads(await asyncio.wait_for(newcomer.recv(), 10))
                    if event.get("kind") == "presence" and event["count"] == crowd + 1:
                        return event["count"]
        finally:
            for socket in sockets:
                await socket.close()

    assert run_async(scenario) == crowd + 1
