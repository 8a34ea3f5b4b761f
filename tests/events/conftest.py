"""Fixtures for events: members with display names, an organiser, a private group."""

import pytest

from portal.groups.models import Access, Role
from tests.events.factories import EventFactory, GroupFactory, MembershipFactory
from tests.network.factories import PractitionerProfileFactory, UserFactory


def make_member(display_name: str):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name=display_name)
    return user


@pytest.fixture
def member(db):
    return make_member("Amira Okafor")


@pytest.fixture
def other_member(db):
    return make_member("Tom Reyes")


@pytest.fixture
def organiser(db):
    return make_member("Priya Natarajan")


@pytest.fixture
def private_group(db, organiser):
    group = GroupFactory(name="Peer supporters circle", access=Access.INVITE)
    MembershipFactory(group=group, user=organiser, role=Role.ORGANISER)
    return group


@pytest.fixture
def private_event(private_group, organiser):
    return EventFactory(
        title="Circle supper",
        group=private_group,
        organisers=[organiser],
        format="hybrid",
        joining_url="https://meet.example.org/circle-supper",
    )
