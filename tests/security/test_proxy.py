"""Which client a request stands for when it comes through trusted proxies."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.security.proxy import TrustedProxyMiddleware, forwarded_client, trusted_networks
from tests.conftest import run_async

BALANCER = trusted_networks(["10.0.0.0/24", "127.0.0.1"])


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # What the client wrote itself sits left of what the balancer appended.
        ("127.0.0.1", "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        # Two trusted hops (a CDN's edge inside the network, then the balancer).
        ("127.0.0.1", "198.51.100.7, 10.0.0.5", "198.51.100.7"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        # A peer that is not a proxy speaks for itself.
        ("192.0.2.50", "198.51.100.7", "192.0.2.50"),
        # No header, or nothing usable in it: the proxy's own address.
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "unknown", "127.0.0.1"),
    ],
)
def test_the_client_is_the_nearest_address_no_trusted_proxy_added(peer, forwarded_for, client):
    assert forwarded_client(peer, forwarded_for, BALANCER) == client


def test_a_wrong_trusted_proxy_entry_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="not-an-address"):
        trusted_networks(["127.0.0.1", "not-an-address"])


def test_websocket_scopes_get_the_real_client_too():
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"]

    middleware = TrustedProxyMiddleware(app, trusted=["127.0.0.1"])
    scope = {"type": "websocket", "client": ("127.0.0.1", 5000), "headers": [(b"x-forwarded-for", b"198.51.100.7")]}

    async def call():
        await middleware(scope, None, None)

    run_async(call)
    assert seen["client"] == ("198.51.100.7", 0)
