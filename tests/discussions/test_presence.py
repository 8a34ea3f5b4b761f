"""Presence against the real Redis: who counts as reading a thread, and for how long."""

import time
import uuid

import pytest

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
