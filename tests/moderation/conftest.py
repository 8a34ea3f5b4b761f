"""Fixtures for the review queue: members, a moderator with exactly the Moderators group's permissions, a topic."""

import pytest

from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory


@pytest.fixture
def author(db):
    from django.contrib.auth import get_user_model

    # Fresh from the database, as a request would load it (the factory leaves the first profile cached).
    return get_user_model().objects.get(pk=make_member("Amira Okafor").pk)


@pytest.fixture
def topic(db):
    return TopicFactory()


def make_moderator(name: str):
    from django.apps import apps
    from django.contrib.auth.models import Group

    from portal.home.groups import ensure_groups
    from tests.accounts.factories import with_authenticator_app

    ensure_groups(apps)
    user = make_member(name)
    user.groups.add(Group.objects.get(name="Moderators"))
    with_authenticator_app(user)  # the admin asks moderators for a second factor
    return user


@pytest.fixture
def moderator(db, site_tree):
    return make_moderator("Mo Derator")
