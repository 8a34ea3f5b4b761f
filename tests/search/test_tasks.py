"""The worker replays the index outbox: a change whose push failed while Elasticsearch was unreachable reaches
the index through the worker alone, in its own process (compose) and inside daphne (`make run`)."""

import os
import subprocess
import sys
import time

import pytest

from portal.search import services
from tests.conftest import ARTIFACTS, REPO_ROOT, _test_database_url, free_port
from tests.practices.factories import CaseStudyPageFactory
from tests.search.test_indexing import index_ids

pytestmark = pytest.mark.django_db(transaction=True)


def worker_command() -> list[str]:
    return [sys.executable, "manage.py", "run_worker", "--interval", "0.2"]


def daphne_command() -> list[str]:
    return [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(free_port()), "portal.asgi:application"]


def wait_until(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("command", [worker_command, daphne_command], ids=["run_worker", "inside-daphne"])
def test_a_change_left_in_the_outbox_while_elasticsearch_was_down_reaches_the_index_through_the_worker(
    catalogue, settings, elasticsearch_url, command
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    page = CaseStudyPageFactory(title="Published while the engine was away", live=False)
    page.save_revision().publish()
    assert services.pending_rows().filter(object_id=str(page.pk)).exists()  # the push after commit failed
    settings.ELASTICSEARCH_URL = elasticsearch_url

    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "WORKER_IN_PROCESS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "worker.log", "ab") as log:
        process = subprocess.Popen(command(), cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:  # no request reaches daphne: its worker starts with the server
        reached = wait_until(lambda: not services.pending_rows().filter(object_id=str(page.pk)).exists())
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert reached, "the worker did not push the outbox row (see test-artifacts/worker.log)"
    assert str(page.pk) in index_ids()
