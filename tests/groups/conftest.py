"""Fixtures for groups: people with profiles, an open group and a private one with members and a topic."""

import pytest

from portal.discussions import services as discussions
from portal.groups.models import Access, Role
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.network.factories import PractitionerProfileFactory, UserFactory


def person(display_name: str):
    user = UserFactory()
    user.profile = PractitionerProfileFactory(user=user, display_name=display_name)  # not the signal's blank one
    return user


@pytest.fixture
def organiser(db):
    return person("Olu Organiser")


@pytest.fixture
def member(db):
    return person("Mina Member")


@pytest.fixture
def outsider(db):
    return person("Otto Outsider")


@pytest.fixture
def open_group(organiser, member):
    group = GroupFactory(name="North West co-producers", access=Access.OPEN)
    MembershipFactory(group=group, user=organiser, role=Role.ORGANISER)
    MembershipFactory(group=group, user=member)
    return group


def private_group_with_topic(access, organiser, member, title="Our members-only contract notes"):
    group = GroupFactory(name=f"Commissioners {access}", access=access)
    MembershipFactory(group=group, user=organiser, role=Role.ORGANISER)
    MembershipFactory(group=group, user=member)
    topic = discussions.start_topic(forum=group.forum, author=member, title=title, body="Please do not share.")
    return group, topic


@pytest.fixture
def invite_only(organiser, member):
    return private_group_with_topic(Access.INVITE, organiser, member)


@pytest.fixture
def by_request(organiser, member):
    return private_group_with_topic(Access.REQUEST, organiser, member, title="Draft discharge pathway notes")


@pytest.fixture
def admin_client(db, client):
    """An editor signed in to the admin (which asks superusers for a second factor)."""
    from tests.accounts.factories import with_authenticator_app

    editor = UserFactory(is_staff=True, is_superuser=True)
    with_authenticator_app(editor)
    client.force_login(editor)
    return client
