"""The production topology in small: two web processes behind HAProxy, on the test database and Redis."""

import contextlib
import shutil
import subprocess
import time
import urllib.parse

import pytest
import redis

from tests.conftest import ARTIFACTS, _test_database_url, free_port


@contextlib.contextmanager
def running_topology(settings, *, workers: int = 2, server: str = "daphne", **env):
    """HAProxy in front of `workers` web processes (daphne or uvicorn); the public address is the balancer's."""
    from bench.topology.processes import start_topology
    from portal.home.services import sync_site_records

    balancer_port = free_port()
    base_url = f"http://127.0.0.1:{balancer_port}"
    settings.PORTAL_BASE_URL = base_url
    sync_site_records()
    topology = start_topology(
        workers=workers,
        server=server,
        balancer_port=balancer_port,
        log_dir=ARTIFACTS / "topology",
        env={
            "DATABASE_URL": _test_database_url(),
            "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
            "ELASTICSEARCH_URL": "",
            "PORTAL_BASE_URL": base_url,
            "DEBUG": "1",
            **env,
        },
    )
    try:
        yield topology
    finally:
        topology.stop()


@pytest.fixture
def second_redis():
    """A second Redis on loopback, for the channel layer's second shard; stopped afterwards."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: `make test` starts Redis from Debian's package.", pytrace=False)
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=1)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"redis-server on {port} did not start", pytrace=False)
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(10)


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc
