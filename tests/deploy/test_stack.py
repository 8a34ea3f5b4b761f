"""The production stack's own commands, rehearsed on loopback (this machine has no Docker engine).

docker-compose.yml runs the Dockerfile's CMD in `web`, `manage.py run_worker` in `worker` and
HAProxy with deploy/haproxy.cfg in `balancer`. These tests run exactly those commands, read from
those files, against the PostgreSQL, Redis and Elasticsearch `make test` starts, so a broken
command line, an unparsable balancer configuration or a health check the portal fails shows here.
"""

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
import websockets
import yaml

from portal.discussions import services
from tests.conftest import ARTIFACTS, REPO_ROOT, _test_database_url, free_port, run_async, wait_for_http
from tests.discussions.test_live_channel import next_event, ws_url
from tests.worker.tasks import broadcast_reactions

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def dockerfile_command() -> list[str]:
    """The image's CMD, as the exec-form JSON array the Dockerfile gives."""
    (line,) = [line for line in (REPO_ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")]
    return json.loads(line.removeprefix("CMD "))


def compose_service(name: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())["services"][name]


def deployed_environment(**extra) -> dict[str, str]:
    """What compose gives `web` and `worker`, with this machine's services in place of the containers'."""
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "rehearsal-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": _test_database_url(),
        "STATIC_MANIFEST": "0",  # the image runs collectstatic at build time; the rehearsal does not
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",
        # The image's `python` and `gunicorn` are this virtualenv's.
        "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}",
        **extra,
    }
    environment.pop("PORTAL_ENV", None)
    return environment


def loopback_balancer_config(*, port: int, web_port: int) -> str:
    """deploy/haproxy.cfg with loopback addresses for the compose network's names; every check kept."""
    config = (REPO_ROOT / "deploy" / "haproxy.cfg").read_text()
    config = re.sub(r"\nresolvers docker\n(?:[ \t]+.*\n)+", "\n", config)
    config = config.replace("bind :8000", f"bind 127.0.0.1:{port}")
    config, servers = re.subn(
        r"server-template web .*", f"server web1 127.0.0.1:{web_port} check inter 500ms fall 2 rise 1", config
    )
    config = config.replace("log stdout format raw local0 warning", "")
    assert servers == 1, "deploy/haproxy.cfg no longer names its web servers with one server-template line"
    return config


def started(command: list[str], *, env: dict, log_name: str) -> subprocess.Popen:
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / log_name, "ab") as log:
        return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def test_the_balancer_configuration_is_valid_haproxy():
    result = subprocess.run(
        [HAPROXY, "-c", "-f", str(REPO_ROOT / "deploy" / "haproxy.cfg")],
        env={**os.environ, "HEALTHCHECK_HOST": "localhost"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def image_behind_balancer(transactional_db, redis_url, elasticsearch_url, tmp_path):
    """The Dockerfile's CMD (gunicorn with uvicorn workers, migrate first) behind deploy/haproxy.cfg."""
    web_port, port = free_port(), free_port()
    web = started(
        dockerfile_command(),
        env=deployed_environment(PORT=str(web_port), REDIS_URL=redis_url, ELASTICSEARCH_URL=elasticsearch_url),
        log_name="deploy-web.log",
    )
    config = tmp_path / "haproxy.cfg"
    config.write_text(loopback_balancer_config(port=port, web_port=web_port))
    balancer = started(
        [HAPROXY, "-db", "-f", str(config)],
        env={**os.environ, "HEALTHCHECK_HOST": "localhost"},
        log_name="deploy-balancer.log",
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"http://127.0.0.1:{web_port}/healthz/", timeout=90, process=web)
        wait_for_http(f"{base_url}/healthz/", timeout=30, process=balancer)
        yield base_url
    finally:
        stop(balancer)
        assert stop(web) == 0, "gunicorn did not stop cleanly on SIGTERM (see test-artifacts/deploy-web.log)"


def fetch(url: str) -> tuple[int, dict, str]:
    # TLS ends in front of the balancer in production; its header is what Django trusts.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return (
            response.status,
            {name.lower(): value for name, value in response.headers.items()},
            response.read().decode(),
        )


def test_the_image_serves_pages_and_live_threads_through_the_balancer(image_behind_balancer, site_tree, topic, member):
    status, headers, body = fetch(f"{image_behind_balancer}/")
    health_status, _, health = fetch(f"{image_behind_balancer}/healthz/")

    async def reader():
        url = ws_url(image_behind_balancer, "discussions.topic", topic.pk)
        async with websockets.connect(url, origin=image_behind_balancer) as socket:
            await next_event(socket, "presence", timeout=20)  # joined the thread's group, through HAProxy
            post = lambda: services.post_comment(target=topic, user=member, text="Through the balancer")  # noqa: E731
            await asyncio.get_running_loop().run_in_executor(None, post)
            return await next_event(socket, "comment", timeout=20)

    arrived = run_async(reader)

    assert status == 200
    assert "</html>" in body
    assert "content-security-policy" in headers
    assert "strict-transport-security" in headers
    assert health_status == 200
    assert json.loads(health)["status"] == "ok"
    assert "Through the balancer" in json.dumps(arrived)


def test_the_compose_worker_runs_queued_tasks_and_stops_when_told(transactional_db, redis_url, topic, member):
    worker = compose_service("worker")
    assert worker["command"][:3] == ["python", "manage.py", "run_worker"]
    comment = services.post_comment(target=topic, user=member, text="Queued work")
    process = started(
        worker["command"],
        env=deployed_environment(REDIS_URL=redis_url),
        log_name="deploy-worker.log",
    )
    try:
        result = broadcast_reactions.enqueue(comment.pk)
        deadline = time.monotonic() + 60
        while result.status.name not in {"SUCCESSFUL", "SUCCEEDED", "FAILED"} and time.monotonic() < deadline:
            time.sleep(0.3)
            result.refresh()
    finally:
        grace = float(worker["stop_grace_period"].removesuffix("s"))
        exit_code = stop(process, timeout=grace)

    assert result.status.name in {"SUCCESSFUL", "SUCCEEDED"}, result.status
    assert exit_code == 0
