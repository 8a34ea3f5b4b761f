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


def test_one_heartbeat_refreshes_every_local_socket_and_drops_the_dead(group):
    start = time.time()
    heard = []

    async def on_count(count):
        heard.append(count)

    async def scenario():
        await presence.join(group, "ghost", now=start)  # its process died: nobody refreshes it
        for name in ("first", "second"):
            await presence.join(group, name, now=start)
            presence.watch(group, name, on_count)
        try:
            await presence.beat(now=start + presence.STALE_AFTER - 1)
            await presence.beat(now=start + presence.STALE_AFTER + 1)
            return await presence.join(group, "newcomer", now=start + presence.STALE_AFTER + 2)
        finally:
            for name in ("first", "second"):
                presence.unwatch(group, name)

    assert run_async(scenario) == 3
    # One socket speaks for the process once a beat: 3 readers, then 2 once the ghost went stale.
    assert heard == [3, 2]


def test_a_crowded_thread_is_announced_at_most_once_a_heartbeat(group):
    async def scenario():
        return [await presence.may_announce(group) for _ in range(3)]

    assert run_async(scenario) == [True, False, False]


def test_more_joins_at_once_than_connections_wait_instead_of_failing(group):
    async def scenario():
        joins = [presence.join(group, f"reader-{n}") for n in range(4 * presence.MAX_CONNECTIONS)]
        await asyncio.gather(*joins)
        return await presence.join(group, "last")

    assert run_async(scenario) == 4 * presence.MAX_CONNECTIONS + 1
