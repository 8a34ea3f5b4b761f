"""Fixtures for notifications: a kind registered for the tests, and members with display names."""

import pytest

from portal.notifications.kinds import Kind, register
from tests.network.factories import PractitionerProfileFactory, UserFactory

EVENT = register(
    Kind(
        name="tests.event",
        label="A test event",
        description="Sent by the notification tests.",
        default_delivery="immediate",
        title="{{ actor_name }} did {{ what }}",
        text="About {{ what }}.",
    )
)


def make_member(display_name: str):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name=display_name)
    return type(user).objects.get(pk=user.pk)  # not the profile the sign-up signal cached


@pytest.fixture
def member(db):
    return make_member("Amira Okafor")


@pytest.fixture
def other_member(db):
    return make_member("Tom Reyes")
