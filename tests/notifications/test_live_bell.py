"""The live bell end to end: real WebSocket clients against daphne and Redis get a member's unread count."""

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from django.test import Client
from websockets.exceptions import InvalidStatus

from portal.notifications import services
from tests.conftest import run_async
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def bell_url(base_url: str) -> str:
    return f"{base_url.replace('http://', 'ws://')}/ws/notifications/"


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def in_worker(function, *args, **kwargs):
    """Run ORM code in a worker thread: the test's own thread runs the event loop of the clients."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


async def next_count(ws, timeout: float = 10) -> int:
    event = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert event["kind"] == "unread"
    return event["count"]


def connect(daphne_server, cookie):
    return websockets.connect(
        bell_url(daphne_server), origin=daphne_server, additional_headers={"Cookie": cookie}, open_timeout=10
    )


def test_the_socket_sends_the_count_on_connect_and_a_notice_within_a_second(daphne_server, member, other_member):
    NotificationFactory.create_batch(2, recipient=member)
    cookie = session_cookie(member)

    async def scenario():
        async with connect(daphne_server, cookie) as ws:
            on_connect = await next_count(ws)
            started = time.monotonic()
            await asyncio.get_running_loop().run_in_executor(
                None,
                lambda: services.notify(
                    kind="tests.event", recipients=[member], target_url="/", actor=other_member, context={"what": "x"}
                ),
            )
            live = await next_count(ws, timeout=1)
            return on_connect, live, time.monotonic() - started

    on_connect, live, elapsed = run_async(scenario)
    assert (on_connect, live) == (2, 3)
    assert elapsed < 1


def test_marking_read_updates_the_members_other_pages(daphne_server, member):
    notifications = NotificationFactory.create_batch(2, recipient=member)
    cookie = session_cookie(member)

    async def scenario():
        async with connect(daphne_server, cookie) as ws:
            assert await next_count(ws) == 2
            await asyncio.get_running_loop().run_in_executor(
                None, lambda: services.mark_read(user=member, notification_ids=[notifications[0].pk])
            )
            one = await next_count(ws)
            await asyncio.get_running_loop().run_in_executor(None, lambda: services.mark_read(user=member))
            return one, await next_count(ws)

    assert run_async(scenario) == (1, 0)


def test_another_members_notice_does_not_reach_the_socket(daphne_server, member, other_member):
    cookie = session_cookie(member)

    async def scenario():
        async with connect(daphne_server, cookie) as ws:
            assert await next_count(ws) == 0
            await asyncio.get_running_loop().run_in_executor(
                None,
                lambda: services.notify(kind="tests.event", recipients=[other_member], target_url="/", context={}),
            )
            with pytest.raises(TimeoutError):
                await next_count(ws, timeout=1)

    run_async(scenario)


def test_a_socket_without_a_session_is_refused(daphne_server):
    async def scenario():
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(bell_url(daphne_server), origin=daphne_server, open_timeout=10):
                pass
        return refused.value.response.status_code

    assert run_async(scenario) == 403


def test_a_foreign_origin_is_refused_even_with_a_session(daphne_server, member):
    cookie = session_cookie(member)

    async def scenario():
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(
                bell_url(daphne_server), origin="http://evil.example", additional_headers={"Cookie": cookie}
            ):
                pass
        return refused.value.response.status_code

    assert run_async(scenario) == 403


def test_a_reconnecting_page_gets_the_count_it_missed_and_withdrawals_count_down(daphne_server, member):
    cookie = session_cookie(member)

    def tell(key):
        services.notify(kind="tests.event", recipients=[member], target_url="/", context={}, dedupe_key=key)

    async def scenario():
        loop = asyncio.get_running_loop()
        async with connect(daphne_server, cookie) as ws:
            assert await next_count(ws) == 0
        await loop.run_in_executor(None, tell, "missed-1")
        await loop.run_in_executor(None, tell, "missed-2")
        async with connect(daphne_server, cookie) as ws:
            after_reconnect = await next_count(ws)
            await loop.run_in_executor(None, lambda: services.withdraw(dedupe_key="missed-1"))
            return after_reconnect, await next_count(ws)

    assert run_async(scenario) == (2, 1)
