"""Fixtures for accounts tests: members, a clean rate-limit slate, and signing in as a browser would."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.network.conftest import unique_email, unique_ip  # noqa: F401 - fixtures used by these tests
from tests.network.factories import PASSWORD, PractitionerProfileFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    # Code-attempt counters and used-code marks are keyed by user id, and ids repeat between runs
    # against the same Redis: start each test without a previous run's counters.
    cache.clear()


@pytest.fixture
def member(db):
    return PractitionerProfileFactory(display_name="Mina Member").user


def sign_in(user, *, user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0", client=None):
    """Sign in through allauth's form, as a browser would; returns the client and the response."""
    client = client or Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client, response
