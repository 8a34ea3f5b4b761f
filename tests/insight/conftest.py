"""Fixtures for insight tests: empty view counters in the real Redis, a browser's user agent."""

import pytest

from portal.insight import counters
from portal.insight.counting import views
from tests.practices.conftest import tree  # noqa: F401

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def empty_counters(redis_url, settings):
    settings.REDIS_URL = redis_url
    client = counters.redis_client()
    for key in [views.key, *client.scan_iter(match=views.flushing_prefix + "*")]:
        client.delete(key)
    yield
    counters._redis["client"] = None


@pytest.fixture
def browser_client(client):
    """The test client with a person's browser's user agent (a request without one is not counted)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client
