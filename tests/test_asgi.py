"""The ASGI application: HTTP requests go through the whole middleware chain, in one worker thread."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.http import HttpResponse
from django.urls import path

from portal.asgi import application

seen_threads = []


def thread_view(request):
    seen_threads.append(threading.get_ident())
    return HttpResponse("ok")


urlpatterns = [path("thread/", thread_view)]


def get(path_with_query: str) -> dict:
    # In a thread of its own: a browser test may have left an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _get(path_with_query)).result()


async def _get(path_with_query: str) -> dict:
    url_path, _, query = path_with_query.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url_path,
        "raw_path": url_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    messages = [{"type": "http.request", "body": b"", "more_body": False}]
    answered = asyncio.Event()
    sent = []

    async def receive():
        if messages:
            return messages.pop()
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    answered.set()
    start = sent[0]
    return {
        "status": start["status"],
        "headers": {name.decode().lower(): value.decode() for name, value in start["headers"]},
        "body": b"".join(message.get("body", b"") for message in sent[1:]),
        "event_loop_thread": threading.get_ident(),
    }


def test_http_answers_carry_the_security_middleware_headers(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    answer = get("/api/schema/")
    assert answer["status"] == 200
    assert answer["headers"]["x-content-type-options"] == "nosniff"
    assert answer["headers"]["x-frame-options"] == "DENY"


def test_bad_input_is_still_a_400_with_its_message(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    answer = get("/api/search/?sort=nonsense")
    assert answer["status"] == 400
    assert b"sort" in answer["body"]


@pytest.mark.urls("tests.test_asgi")
def test_middleware_and_view_run_in_a_worker_thread_not_the_event_loop(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    seen_threads.clear()
    answer = get("/thread/")
    assert answer["status"] == 200
    assert seen_threads
    assert seen_threads[0] != answer["event_loop_thread"]


def test_the_collector_leaves_start_up_objects_alone_and_runs_rarely():
    """Importing the application froze what start-up loaded, and the young generation is 50,000 objects
    (docs/decisions/collector-settings.md): the full passes that stalled the event loop are rare and short."""
    import gc

    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold() == (50_000, 20, 10)
