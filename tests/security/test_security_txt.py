"""`/.well-known/security.txt` (RFC 9116) from the settings."""

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db


def fields(response) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in response.content.decode().splitlines()]


def test_security_txt_has_contact_expiry_and_policy(client, settings):
    settings.SECURITY_TXT_CONTACTS = ["mailto:security@portal.example", "https://portal.example/report"]
    settings.SECURITY_TXT_POLICY_URLS = ["https://portal.example/security-policy/"]

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = fields(response)
    assert ("Contact", "mailto:security@portal.example") in lines
    assert ("Contact", "https://portal.example/report") in lines
    assert ("Policy", "https://portal.example/security-policy/") in lines
    assert ("Canonical", "http://testserver/.well-known/security.txt") in lines
    assert [name for name, _ in lines].count("Expires") == 1


def test_the_configured_expiry_is_in_the_future_and_within_a_year(settings):
    # RFC 9116 2.5.5: less than a year ahead is recommended. This fails on purpose when it lapses.
    expires = datetime.fromisoformat(settings.SECURITY_TXT_EXPIRES.replace("Z", "+00:00"))
    now = datetime.now(UTC)

    assert now < expires
    assert (expires - now).days <= 366
