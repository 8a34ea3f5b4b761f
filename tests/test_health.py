"""`/healthz/` reports each part's state honestly."""

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import free_port, running_daphne


def served_health(base_url: str) -> tuple[int, dict]:
    """`/healthz/` as a balancer sees it: over HTTP from a running server."""
    try:
        with urllib.request.urlopen(f"{base_url}/healthz/", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def real_services(settings, elasticsearch_url, redis_url):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    return settings


def test_healthz_reports_ok_for_all_three_parts(db, settings, elasticsearch_url, redis_url):
    with running_daphne(settings, REDIS_URL=redis_url, ELASTICSEARCH_URL=elasticsearch_url) as base_url:
        status, body = served_health(base_url)

    assert status == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok", "vendor": "postgresql"}
    assert body["checks"]["channel_layer"]["status"] == "ok"
    assert body["checks"]["channel_layer"]["backend"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert body["checks"]["elasticsearch"]["status"] == "ok"
    assert body["checks"]["elasticsearch"]["version"].startswith("8.")


def test_healthz_is_503_when_elasticsearch_is_down(client, db, real_services):
    real_services.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"

    response = client.get("/healthz/")

    assert response.status_code == 503
    elasticsearch = response.json()["checks"]["elasticsearch"]
    assert elasticsearch["status"] == "down"
    assert elasticsearch["error"]


def test_healthz_says_not_configured_without_elasticsearch(db, settings, redis_url):
    with running_daphne(settings, REDIS_URL=redis_url, ELASTICSEARCH_URL="") as base_url:
        status, body = served_health(base_url)

    assert body["checks"]["elasticsearch"] == {"status": "not configured"}
    assert status == 200, body


def test_healthz_refuses_other_methods(client, db):
    assert client.post("/healthz/").status_code == 405
