"""Fixtures for discussions: members, a topic, and posting a comment the way the form does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django_comments_xtd.models import XtdComment

from portal.discussions.forms import ThreadCommentForm
from portal.discussions.services import comment_rate_key
from tests.discussions.factories import TopicFactory
from tests.network.factories import PractitionerProfileFactory, UserFactory


def make_member(display_name: str):
    """A verified member with a profile, and a fresh posting allowance (the counter lives in shared Redis)."""
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name=display_name)
    cache.delete(comment_rate_key(user))
    return type(user).objects.select_related("profile").get(pk=user.pk)  # the filled-in profile, not the first


@pytest.fixture
def member(db):
    return make_member("Amira Okafor")


@pytest.fixture
def other_member(db):
    return make_member("Tom Reyes")


@pytest.fixture
def moderator(db, site_tree):
    """A member of the Moderators group, with exactly that group's permissions."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from portal.home.groups import ensure_groups
    from tests.accounts.factories import with_authenticator_app

    ensure_groups(apps)
    user = make_member("Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    with_authenticator_app(user)  # the admin asks moderators for a second factor
    return user


@pytest.fixture
def topic(db):
    return TopicFactory()


def comment_data(target, text: str, reply_to: int = 0, next_url: str = "") -> dict:
    """What the thread's comment form sends: xtd's signed fields plus the text."""
    form = ThreadCommentForm(target)
    data = {name: form.initial[name] for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    return {**data, "comment": text, "reply_to": reply_to, "honeypot": "", "next": next_url}


def in_worker(function, *args, **kwargs):
    """Call ORM/channel-layer code in a worker thread: Playwright's sync API keeps an event loop in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def comments_on(target):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk)
    ).order_by("pk")
