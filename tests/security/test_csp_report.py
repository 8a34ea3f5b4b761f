"""`/csp-report/` logs violations in both report formats, per client within a rate, and refuses big bodies."""

import json

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "http://testserver/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12,
        "script-sample": "alert(1)\x1b[31m",
    }
}
REPORTING_API_BODY = [
    {
        "type": "csp-violation",
        "url": "http://testserver/",
        "body": {"documentURL": "http://testserver/", "effectiveDirective": "style-src-attr", "blockedURL": "inline"},
    },
    {"type": "deprecation", "body": {"message": "not ours"}},
]


@pytest.fixture(autouse=True)
def fresh_limits(settings, redis_url):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "default": redis}
    cache.clear()


def post(client, body, content_type="application/csp-report", ip="198.51.100.7"):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post("/csp-report/", data=data, content_type=content_type, REMOTE_ADDR=ip)


def test_a_report_uri_report_is_logged(client, caplog):
    with caplog.at_level("WARNING", logger="portal.csp"):
        response = post(client, REPORT_URI_BODY)

    assert response.status_code == 204
    [record] = caplog.records
    assert "script-src-elem" in record.getMessage()
    assert "\x1b" not in record.getMessage()  # escaped, so a report cannot drive a terminal


def test_a_reporting_api_report_logs_only_its_csp_violations(client, caplog):
    with caplog.at_level("WARNING", logger="portal.csp"):
        response = post(client, REPORTING_API_BODY, content_type="application/reports+json")

    assert response.status_code == 204
    assert len(caplog.records) == 1
    assert "style-src-attr" in caplog.records[0].getMessage()


def test_a_one_megabyte_report_is_refused_with_413(client, caplog):
    body = {"csp-report": {**REPORT_URI_BODY["csp-report"], "script-sample": "x" * 1024 * 1024}}

    with caplog.at_level("WARNING", logger="portal.csp"):
        response = post(client, body)

    assert response.status_code == 413
    assert "at most" in response.json()["error"]
    assert [r for r in caplog.records if r.name == "portal.csp"] == []


def test_a_body_that_is_not_a_report_is_a_400(client):
    assert post(client, b"not json").status_code == 400
    assert post(client, {"something": "else"}).status_code == 400


def test_reports_are_rate_limited_per_client(client, settings):
    settings.CSP_REPORT_RATE_LIMIT = 3

    statuses = [post(client, REPORT_URI_BODY).status_code for _ in range(4)]
    other_client = post(client, REPORT_URI_BODY, ip="203.0.113.9").status_code

    assert statuses == [204, 204, 204, 429]
    assert other_client == 204


def test_only_post_is_accepted(client):
    assert client.get("/csp-report/").status_code == 405
