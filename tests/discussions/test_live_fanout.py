"""Readers keep getting thread events while a consumer's database call is stuck.

Channels' consumers, as shipped, hop to one shared worker thread before handling each message (to close
stale database connections), the thread every consumer's `database_sync_to_async` call runs in. So one
slow query of one socket (a catch-up on a long thread, a handshake during a database stall) held up
every event to every reader of the process, and one comment to N readers was N hops through that thread.
Here a newcomer's handshake waits for a table lock this test keeps, while an event goes to a reader who
is already there: the reader must get it before the lock is freed.
"""

import asyncio
import time
import urllib.parse

import psycopg
import pytest
import websockets
from channels.layers import get_channel_layer
from django.contrib.contenttypes.models import ContentType

from portal.discussions.selectors import thread_group_name
from tests.conftest import _test_database_url, run_async
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import topic_url

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_lock_waiter(database_url, timeout=20.0):
    """Until some session of the test database waits for a lock. A connection of its own, in autocommit:
    inside a transaction PostgreSQL keeps showing the first snapshot of pg_stat_activity."""
    database = urllib.parse.urlsplit(database_url).path.lstrip("/")
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [database]
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the newcomer's handshake never reached the locked table")


def test_readers_get_events_while_another_sockets_query_is_stuck(daphne_server, topic):
    database_url = _test_database_url()
    group = thread_group_name(ContentType.objects.get_for_model(topic), topic.pk)
    url = topic_url(daphne_server, topic)

    with psycopg.connect(database_url) as lock_connection:

        async def scenario():
            async with websockets.connect(url, origin=daphne_server) as reader:
                await next_event(reader, "presence")  # joined the group
                # The newcomer's handshake reads the topic, and waits while the table is locked.
                await asyncio.to_thread(
                    lock_connection.execute, "LOCK TABLE discussions_topic IN ACCESS EXCLUSIVE MODE"
                )
                newcomer = asyncio.ensure_future(websockets.connect(url, origin=daphne_server, open_timeout=30))
                await asyncio.to_thread(wait_for_lock_waiter, database_url)
                await get_channel_layer().group_send(group, {"type": "thread.event", "payload": {"kind": "probe"}})
                probe = await next_event(reader, "probe", timeout=10)
                newcomer_was_waiting = not newcomer.done()
                await asyncio.to_thread(lock_connection.rollback)  # the newcomer gets in
                await (await newcomer).close()
                return probe, newcomer_was_waiting

        probe, newcomer_was_waiting = run_async(scenario)

    assert probe == {"kind": "probe"}
    assert newcomer_was_waiting
