"""Under `make run` the worker runs inside daphne: with the in-memory channel layer (no Redis), what a task
sends to the channel layer reaches the pages that daphne process serves, live."""

import asyncio
import os
import subprocess
import sys

import pytest
import websockets

from portal.discussions import services
from tests.conftest import ARTIFACTS, REPO_ROOT, _test_database_url, free_port, run_async, wait_for_http
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import topic_url
from tests.worker.tasks import broadcast_reactions


@pytest.fixture
def daphne_with_its_worker(transactional_db):
    """`make run`'s server: daphne with WORKER_IN_PROCESS=1 and no REDIS_URL (the in-memory channel layer)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "WORKER_IN_PROCESS": "1", "DEBUG": "1"}
    env.pop("REDIS_URL", None)
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "daphne-with-worker.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base_url}/healthz/", process=process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_tasks_live_notice_reaches_an_open_page_through_the_in_memory_layer(
    daphne_with_its_worker, topic, member, other_member
):
    comment = services.post_comment(target=topic, user=member, text="React to me")
    services.toggle_reaction(comment=comment, user=other_member, kind="like")

    async def scenario():
        url = topic_url(daphne_with_its_worker, topic)
        async with websockets.connect(url, origin=daphne_with_its_worker) as reader:
            await next_event(reader, "presence")  # the consumer has joined the thread's group
            await asyncio.get_running_loop().run_in_executor(None, broadcast_reactions.enqueue, comment.pk)
            return await next_event(reader, "reactions", timeout=30)

    event = run_async(scenario)

    assert event == {"kind": "reactions", "id": comment.pk, "counts": {"like": 1, "agree": 0}}
