"""Notifications about something the member can no longer see are left out of the list, the bell count and
the emails: one visibility check per kind (registered by the app that owns the kind), batched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from portal.discussions import services as discussions
from portal.discussions.models import COMMENT_KIND
from portal.events import services as events
from portal.events.notifications import NEW_IN_GROUP
from portal.groups import services as groups
from portal.groups.models import Access
from portal.notifications import selectors
from portal.notifications.models import Delivery, Notification
from portal.notifications.services import send_digests, send_immediate_emails, set_delivery
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return make_member("Rae Reader")


@pytest.fixture
def writer():
    return make_member("Wren Writer")


def listed(client, user):
    client.force_login(user)
    return client.get("/notifications/").content.decode()


def a_comment_notice(topic, reader, writer, text="Worth a look"):
    discussions.follow(user=reader, target=topic)
    comment = discussions.post_comment(target=topic, user=writer, text=text)
    assert Notification.objects.filter(recipient=reader, kind=COMMENT_KIND).exists()
    return comment


def test_a_notice_of_a_comment_taken_out_of_the_thread_is_not_shown_or_counted(client, reader, writer):
    comment = a_comment_notice(TopicFactory(), reader, writer, text="Soon gone")
    a_comment_notice(TopicFactory(), reader, writer, text="Still here")

    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)  # as the admin's bulk action does

    html = listed(client, reader)
    assert selectors.unread_count(reader) == 1
    assert "Soon gone" not in html
    assert "Still here" in html


def test_a_notice_of_a_topic_in_a_group_the_member_left_is_not_shown(client, reader, writer):
    group = GroupFactory(access=Access.REQUEST)
    MembershipFactory(group=group, user=reader)
    MembershipFactory(group=group, user=writer)
    topic = TopicFactory(forum=group.forum)
    a_comment_notice(topic, reader, writer, text="Only for the group")
    assert "Only for the group" in listed(client, reader)

    groups.leave_group(group=group, user=reader)

    assert "Only for the group" not in listed(client, reader)
    assert selectors.unread_count(reader) == 0


def test_a_notice_of_a_topic_in_a_group_that_became_private_is_not_shown(client, reader, writer):
    group = GroupFactory(access=Access.OPEN)
    topic = TopicFactory(forum=group.forum)
    a_comment_notice(topic, reader, writer, text="Said in the open")

    group.access = Access.INVITE
    group.save(update_fields=["access"])

    assert "Said in the open" not in listed(client, reader)


def test_a_notice_of_a_cancelled_event_is_not_shown(client, reader, writer):
    group = GroupFactory(access=Access.OPEN)
    MembershipFactory(group=group, user=reader)
    event = EventFactory(group=group, title="Picnic in the park")
    events.announce(event=event, actor=writer)
    assert "Picnic in the park" in listed(client, reader)

    events.cancel_event(event=event, cancelled_by=writer)

    assert "Picnic in the park" not in listed(client, reader)
    assert selectors.visible(Notification.objects.filter(kind=NEW_IN_GROUP)) == []


def test_a_digest_leaves_out_what_the_member_can_no_longer_see(reader, writer, mailoutbox):
    set_delivery(user=reader, kind=COMMENT_KIND, delivery=Delivery.DAILY)
    gone = a_comment_notice(TopicFactory(), reader, writer, text="Removed before the digest")
    a_comment_notice(TopicFactory(), reader, writer, text="Kept for the digest")
    XtdComment.objects.filter(pk=gone.pk).update(is_removed=True)

    send_immediate_emails()
    send_digests(delivery=Delivery.DAILY)

    (digest,) = mailoutbox
    assert "Kept for the digest" in digest.body
    assert "Removed before the digest" not in digest.body


def test_the_list_checks_visibility_in_a_fixed_number_of_queries(client, reader, writer):
    def queries():
        client.force_login(reader)
        with CaptureQueriesContext(connection) as captured:
            client.get("/notifications/")
        return len(captured)

    for _ in range(2):
        a_comment_notice(TopicFactory(), reader, writer)
    queries()  # warms the per-process caches
    few = queries()
    for _ in range(10):
        a_comment_notice(TopicFactory(), reader, writer)
    many = queries()

    assert many == few


def test_a_groups_notices_are_not_shown_once_the_member_left_it_or_it_is_gone(client, reader, writer):
    private = GroupFactory(access=Access.REQUEST)
    public = GroupFactory(access=Access.OPEN)
    for group in (private, public):
        MembershipFactory(group=group, user=reader)
        MembershipFactory(group=group, user=writer, role="organiser")
        groups.send_notice(group=group, organiser=writer, subject=f"Agenda of {group.name}", message="See you.")
    assert f"Agenda of {private.name}" in listed(client, reader)

    groups.leave_group(group=private, user=reader)
    html = listed(client, reader)
    assert f"Agenda of {private.name}" not in html
    assert f"Agenda of {public.name}" in html  # an open group's notices stay readable after leaving

    public.delete()
    assert f"Agenda of {public.name}" not in listed(client, reader)
    assert selectors.unread_count(reader) == 0
