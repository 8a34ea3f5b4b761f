"""Live threads across web processes: what is posted through one reaches readers on the others, through Redis."""

import asyncio
import http.client
import json
import re
import urllib.parse

import pytest
import websockets
from channels_redis.utils import _consistent_hash
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from portal.discussions.forms import ThreadCommentForm
from portal.discussions.selectors import thread_group_name
from tests.conftest import run_async
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.discussions.test_live_channel import next_event, ws_url
from tests.topology.conftest import running_topology

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = "d" * 32  # a CSRF secret of our own, sent as cookie and field alike


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"


def post_through(port: int, topic, cookie: str, text: str) -> int:
    """Post the thread's form to one web process (or the balancer); the new comment's id."""
    form = ThreadCommentForm(topic)
    fields = {name: form.initial[name] for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    body = urllib.parse.urlencode(
        {**fields, "comment": text, "reply_to": 0, "honeypot": "", "next": "/", "csrfmiddlewaretoken": CSRF}
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        connection.request("POST", "/discussions/comments/post/", body, headers)
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location", "")
    finally:
        connection.close()
    match = re.search(r"[?&]c=(\d+)", location)
    assert response.status == 302, f"post answered {response.status}"
    assert match, f"no comment id in {location}"
    return int(match.group(1))


def topics_on_both_shards(shards: int = 2) -> list:
    """Topics whose thread groups hash to every shard of the channel layer."""
    topics, seen = [], set()
    while len(seen) < shards:
        topic = TopicFactory()
        group = thread_group_name(ContentType.objects.get_for_model(topic), topic.pk)
        shard = _consistent_hash(f"{group}", shards)
        if shard not in seen:
            seen.add(shard)
            topics.append(topic)
    return topics


def test_a_comment_posted_through_one_worker_reaches_readers_on_both_over_two_redis_shards(
    settings, redis_url, second_redis
):
    member = make_member("Amira Okafor")
    cookie = session_cookie(member)
    topics = topics_on_both_shards()
    layer_hosts = f"{redis_url},{second_redis}"

    with running_topology(settings, REDIS_URL=redis_url, CHANNEL_LAYER_REDIS_URLS=layer_hosts) as topology:
        first, second = topology.web

        async def scenario():
            delivered, counts = {}, {}
            for topic in topics:
                on_first = await websockets.connect(ws_url(first.url, "discussions.topic", topic.pk), origin=first.url)
                on_second = await websockets.connect(
                    ws_url(second.url, "discussions.topic", topic.pk), origin=second.url
                )
                # Presence is shared: the reader on the first process hears of the one on the second.
                await next_event(on_first, "presence")
                counts[topic.pk] = (await next_event(on_first, "presence"))["count"]
                posted = await asyncio.to_thread(post_through, second.port, topic, cookie, f"Across {topic.pk}")
                delivered[topic.pk] = (
                    posted,
                    (await next_event(on_first, "comment"))["id"],
                    (await next_event(on_second, "comment"))["id"],
                )
                await on_first.close()
                await on_second.close()
            return delivered, counts

        delivered, counts = run_async(scenario)

    assert counts == {topic.pk: 2 for topic in topics}
    for posted, on_first, on_second in delivered.values():
        assert posted == on_first == on_second


def test_a_killed_worker_drops_only_its_own_readers_who_catch_up_through_the_balancer(settings, redis_url):
    member = make_member("Amira Okafor")
    cookie = session_cookie(member)
    topic = TopicFactory()

    with running_topology(settings, REDIS_URL=redis_url) as topology:
        doomed, survivor = topology.web
        balancer = topology.url

        async def scenario():
            on_doomed = await websockets.connect(ws_url(doomed.url, "discussions.topic", topic.pk), origin=doomed.url)
            on_survivor = await websockets.connect(
                ws_url(survivor.url, "discussions.topic", topic.pk), origin=survivor.url
            )
            before = await asyncio.to_thread(post_through, topology.balancer_port, topic, cookie, "Before the crash")
            seen = (await next_event(on_doomed, "comment"))["id"]
            await next_event(on_survivor, "comment")

            doomed.kill()
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(on_doomed.recv(), 10)
            # Posts keep working through the balancer while it notices, and after.
            missed = [
                await asyncio.to_thread(post_through, topology.balancer_port, topic, cookie, f"While away {n}")
                for n in range(3)
            ]
            survivor_saw = [(await next_event(on_survivor, "comment"))["id"] for _ in missed]

            async with websockets.connect(ws_url(balancer, "discussions.topic", topic.pk), origin=balancer) as again:
                await again.send(json.dumps({"since": seen}))
                caught_up = [(await next_event(again, "comment"))["id"] for _ in missed]
            await on_survivor.close()
            return before, seen, missed, survivor_saw, caught_up

        before, seen, missed, survivor_saw, caught_up = run_async(scenario)
        topology.wait_state("w1", "DOWN")

    assert seen == before
    assert survivor_saw == missed
    assert caught_up == missed
