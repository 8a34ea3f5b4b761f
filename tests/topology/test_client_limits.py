"""Behind the balancer, per-client limits still tell clients apart: the portal trusts HAProxy's X-Forwarded-For."""

import http.client
import urllib.parse
import uuid

import pytest

from tests.topology.conftest import running_topology

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = "c" * 32  # a CSRF secret of our own, sent as cookie and field alike


def failed_sign_in(port: int, client_address: str, headers: dict | None = None) -> str:
    """A wrong password for a new address each time (so only the per-client limit counts): "refused" or "limited"."""
    body = urllib.parse.urlencode(
        {"login": f"nobody-{uuid.uuid4().hex[:8]}@example.org", "password": "wrong", "csrfmiddlewaretoken": CSRF}
    )
    # Linux answers on all of 127.0.0.0/8: each client gets a loopback address of its own.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(client_address, 0))
    try:
        connection.request(
            "POST",
            "/accounts/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={CSRF}",
                **(headers or {}),
            },
        )
        response = connection.getresponse()
        page = response.read().decode()
        assert response.status == 200, response.status
        return "limited" if "Too many failed login attempts" in page else "refused"
    finally:
        connection.close()


@pytest.mark.parametrize("server", ["daphne", "uvicorn"])
def test_two_clients_behind_the_balancer_are_limited_separately(settings, redis_url, server):
    with running_topology(settings, server=server, REDIS_URL=redis_url, LOGIN_FAILED_RATE_LIMIT="3/5m/ip") as topology:
        first = [failed_sign_in(topology.balancer_port, "127.0.0.2") for _ in range(4)]
        # The limited client cannot hide behind an address of its choosing: HAProxy appends the real one.
        spoofed = failed_sign_in(topology.balancer_port, "127.0.0.2", {"X-Forwarded-For": "203.0.113.9"})
        second = failed_sign_in(topology.balancer_port, "127.0.0.3")

    assert first == ["refused", "refused", "refused", "limited"]
    assert spoofed == "limited"
    assert second == "refused"
