"""Fixtures for discussions: members, a topic, and posting a comment the way the form does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from portal.discussions.forms import ThreadCommentForm
from tests.discussions.factories import TopicFactory
from tests.network.factories import PractitionerProfileFactory, UserFactory


@pytest.fixture
def member(db):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name="Amira Okafor")
    return user


@pytest.fixture
def other_member(db):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name="Tom Reyes")
    return user


@pytest.fixture
def topic(db):
    return TopicFactory()


def comment_data(target, text: str, reply_to: int = 0, next_url: str = "") -> dict:
    """What the thread's comment form sends: xtd's signed fields plus the text."""
    form = ThreadCommentForm(target)
    data = {name: form.initial[name] for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    return {**data, "comment": text, "reply_to": reply_to, "honeypot": "", "next": next_url}


def comments_on(target):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk)
    ).order_by("pk")
