"""Behind a load balancer, each request's client is the one the balancer saw, not the balancer.

An ASGI middleware around the whole application (HTTP and WebSocket): when the peer is one of
`settings.TRUSTED_PROXIES`, the client becomes the nearest address in `X-Forwarded-For` that is
not a trusted proxy itself. Django's `REMOTE_ADDR` comes from that client, so every per-client
limit (allauth's sign-in and sign-up, CSP reports, any form that counts by address) sees the
real client, with one setting, whichever ASGI server runs the portal. Addresses a client puts in
the header itself sit left of what the balancer appends and are never reached.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: list[str]) -> list[Network]:
    """The proxies' addresses or networks (CIDR) as networks; a wrong entry stops the start."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address or a network") from exc
    return networks


def _is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: list[Network]) -> str:
    """The client a request from `peer` stands for, read right to left through the trusted proxies."""
    if not _is_trusted(peer, networks):
        return peer
    client = peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not an address (garbage, "unknown"): stay with the last trusted hop
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


class TrustedProxyMiddleware:
    """Sets the ASGI scope's client from X-Forwarded-For when the connection comes from a trusted proxy."""

    def __init__(self, app, trusted: list[str] | None = None):
        self.app = app
        self.networks = trusted_networks(settings.TRUSTED_PROXIES if trusted is None else trusted)

    async def __call__(self, scope, receive, send):
        client = scope.get("client")
        if self.networks and client and scope["type"] in ("http", "websocket"):
            forwarded_for = b",".join(value for name, value in scope["headers"] if name == b"x-forwarded-for")
            real = forwarded_client(client[0], forwarded_for.decode("latin-1"), self.networks)
            if real != client[0]:
                scope = {**scope, "client": (real, 0)}
        return await self.app(scope, receive, send)
