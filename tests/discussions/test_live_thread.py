"""Live threads end to end: comments posted over HTTP reach real WebSocket clients through daphne and Redis."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from django.test import Client

from tests.conftest import run_async
from tests.discussions.conftest import comment_data, comments_on
from tests.discussions.test_live_channel import next_event, ws_url

pytestmark = pytest.mark.django_db(transaction=True)


def post_as(user, target, text, reply_to=0):
    """Post through the HTTP form in a worker thread (Playwright may own this thread's event loop)."""

    def send():
        client = Client()
        client.force_login(user)
        return client.post("/discussions/comments/post/", comment_data(target, text, reply_to, next_url="/"))

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(send).result()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def topic_url(daphne_server, topic):
    return ws_url(daphne_server, "discussions.topic", topic.pk)


def test_a_posted_reply_reaches_two_readers_with_its_place_in_the_thread(daphne_server, topic, member, other_member):
    assert post_as(member, topic, "Opening point").status_code == 302
    parent = comments_on(topic).get()

    async def scenario():
        sockets = [await websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) for _ in range(2)]
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, post_as, other_member, topic, "A **reply**", parent.pk
            )
            return [await next_event(ws, "comment") for ws in sockets]
        finally:
            for ws in sockets:
                await ws.close()

    events = run_async(scenario)
    reply = comments_on(topic).last()
    for event in events:
        assert (event["id"], event["parent_id"], event["level"]) == (reply.pk, parent.pk, 1)
        assert "<strong>reply</strong>" in event["html"]
        assert f'id="c{reply.pk}"' in event["html"]


def test_a_reconnecting_reader_gets_every_missed_comment_in_order(daphne_server, topic, member):
    post_as(member, topic, "Seen before the drop")
    seen = comments_on(topic).get()
    for n in range(3):
        post_as(member, topic, f"Missed {n}")

    async def scenario():
        async with websockets.connect(topic_url(daphne_server, topic), origin=daphne_server) as ws:
            await ws.send(json.dumps({"since": seen.pk}))
            return [await next_event(ws, "comment") for _ in range(3)]

    events = run_async(scenario)
    assert [e["id"] for e in events] == list(comments_on(topic).filter(pk__gt=seen.pk).values_list("pk", flat=True))
    assert ["Missed 0" in events[0]["html"], "Missed 2" in events[2]["html"]] == [True, True]


def test_readers_see_how_many_are_reading(daphne_server, topic):
    async def scenario():
        first = await websockets.connect(topic_url(daphne_server, topic), origin=daphne_server)
        assert (await next_event(first, "presence"))["count"] == 1
        second = await websockets.connect(topic_url(daphne_server, topic), origin=daphne_server)
        counts = [(await next_event(first, "presence"))["count"], (await next_event(second, "presence"))["count"]]
        await second.close()
        counts.append((await next_event(first, "presence"))["count"])
        await first.close()
        return counts

    assert run_async(scenario) == [2, 2, 1]


def test_a_member_typing_is_hinted_to_the_others_only(daphne_server, topic, member):
    cookie = session_cookie(member)

    async def scenario():
        url = topic_url(daphne_server, topic)
        writer = await websockets.connect(url, origin=daphne_server, additional_headers={"Cookie": cookie})
        reader = await websockets.connect(url, origin=daphne_server)
        try:
            await writer.send('{"typing": true}')
            hint = await next_event(reader, "typing")
            return hint
        finally:
            await writer.close()
            await reader.close()

    assert run_async(scenario) == {"kind": "typing", "name": "Amira Okafor"}


def test_an_anonymous_reader_cannot_send_typing_hints(daphne_server, topic, member):
    post_as(member, topic, "Marker")

    async def scenario():
        url = topic_url(daphne_server, topic)
        async with (
            websockets.connect(url, origin=daphne_server) as anonymous,
            websockets.connect(url, origin=daphne_server) as reader,
        ):
            await anonymous.send('{"typing": true}')
            await reader.send('{"since": 0}')
            # The first non-presence event the reader gets is the catch-up, not a typing hint.
            return await next_event(reader)

    assert run_async(scenario)["kind"] == "comment"


def test_a_foreign_origin_is_refused_on_a_topic(daphne_server, topic):
    async def scenario():
        await websockets.connect(topic_url(daphne_server, topic), origin="https://evil.example")

    with pytest.raises(websockets.exceptions.InvalidStatus) as refusal:
        run_async(scenario)
    assert refusal.value.response.status_code == 403


def test_an_unpublished_case_study_thread_is_refused(daphne_server):
    from tests.practices.factories import CaseStudyPageFactory

    draft = CaseStudyPageFactory(live=False)

    async def scenario():
        await websockets.connect(ws_url(daphne_server, "practices.casestudypage", draft.pk), origin=daphne_server)

    with pytest.raises(websockets.exceptions.InvalidStatus) as refusal:
        run_async(scenario)
    assert refusal.value.response.status_code == 403
