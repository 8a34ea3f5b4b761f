"""`/healthz/` reports each part's state honestly."""

import pytest

from tests.conftest import free_port


@pytest.fixture
def real_services(settings, elasticsearch_url, redis_url):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    return settings


def test_healthz_reports_ok_for_all_three_parts(client, db, real_services):
    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
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


def test_healthz_says_not_configured_without_elasticsearch(client, db, settings):
    settings.ELASTICSEARCH_URL = ""

    response = client.get("/healthz/")

    assert response.json()["checks"]["elasticsearch"] == {"status": "not configured"}
    assert response.status_code == 200


def test_healthz_refuses_other_methods(client, db):
    assert client.post("/healthz/").status_code == 405
