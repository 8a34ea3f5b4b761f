"""Following threads and notification emails: immediate, daily or weekly digests, none; one-click unsubscribe."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.discussions import moderation, notifications, services
from portal.discussions.models import Frequency, PendingNotification, Subscription
from tests.conftest import free_port
from tests.discussions.conftest import comment_data, comments_on
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db

POST_URL = "/discussions/comments/post/"


@pytest.fixture
def post_as(client, django_capture_on_commit_callbacks):
    """Post through the HTTP form and run what waits for the commit (the immediate emails)."""

    def post(user, target, text, reply_to=0):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(POST_URL, comment_data(target, text, reply_to, next_url="/"))
        client.logout()
        return response

    return post


def unsubscribe_link(message) -> str:
    return re.search(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)


def test_a_follower_gets_an_email_for_each_new_comment(post_as, topic, member, other_member, mailoutbox):
    notifications.follow(other_member, topic)

    post_as(member, topic, "We pay in time credits.")

    (message,) = mailoutbox
    assert message.to == [other_member.email]
    assert "We pay in time credits." in message.body
    assert topic.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_link(message) in message.body


def test_nobody_is_emailed_about_their_own_comment(post_as, topic, member, mailoutbox):
    notifications.follow(member, topic)

    post_as(member, topic, "Talking to myself")

    assert mailoutbox == []


def test_the_author_of_the_comment_replied_to_hears_of_the_reply(post_as, topic, member, other_member, mailoutbox):
    parent = services.post_comment(target=topic, user=other_member, text="A first thought")

    post_as(member, topic, "A reply to it", reply_to=parent.pk)

    assert [message.to for message in mailoutbox] == [[other_member.email]]


def test_taking_part_follows_the_thread(post_as, topic, member, other_member, mailoutbox):
    post_as(member, topic, "I am in")
    post_as(other_member, topic, "So am I")

    assert notifications.is_following(member, topic)
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_a_daily_digest_groups_the_comment_texts_by_topic(post_as, topic, member, other_member, mailoutbox):
    second = TopicFactory(title="Measuring co-production")
    notifications.set_default_frequency(other_member, Frequency.DAILY)
    notifications.follow(other_member, topic)
    notifications.follow(other_member, second)
    post_as(member, topic, "First on topic one")
    post_as(member, second, "Only one on topic two")
    post_as(member, topic, "Second on topic one")
    assert mailoutbox == []

    assert notifications.send_digests(Frequency.DAILY) == 1

    body = mailoutbox[0].body
    assert mailoutbox[0].to == [other_member.email]
    assert body.index(topic.title) < body.index("First on topic one") < body.index("Second on topic one")
    assert body.index(second.title) < body.index("Only one on topic two")
    assert notifications.send_digests(Frequency.DAILY) == 0


def test_weekly_readers_are_not_in_the_daily_digest(post_as, topic, member, other_member, mailoutbox):
    notifications.follow(other_member, topic, Frequency.WEEKLY)
    post_as(member, topic, "For the weekly")

    assert notifications.send_digests(Frequency.DAILY) == 0
    call_command("send_discussion_digests", "weekly")

    assert "For the weekly" in mailoutbox[0].body


def test_a_threads_own_choice_overrides_the_default(post_as, topic, member, other_member, mailoutbox):
    notifications.set_default_frequency(other_member, Frequency.NONE)
    notifications.follow(other_member, topic, Frequency.IMMEDIATE)

    post_as(member, topic, "Worth hearing at once")

    assert len(mailoutbox) == 1


def test_one_click_unsubscribe_stops_emails_about_that_thread(client, post_as, topic, member, other_member, mailoutbox):
    notifications.follow(other_member, topic)
    post_as(member, topic, "First")

    response = client.post(unsubscribe_link(mailoutbox[0]))
    post_as(member, topic, "Second")

    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert not notifications.is_following(other_member, topic)


def test_the_unsubscribe_link_asks_before_it_acts(client, topic, other_member):
    subscription = notifications.follow(other_member, topic)

    response = client.get(notifications.unsubscribe_url(other_member, subscription))

    assert "Stop these emails" in response.content.decode()
    assert notifications.is_following(other_member, topic)


def test_a_digests_unsubscribe_stops_every_discussion_email(client, post_as, topic, member, other_member, mailoutbox):
    notifications.follow(other_member, topic, Frequency.DAILY)
    post_as(member, topic, "Digest me")
    notifications.send_digests(Frequency.DAILY)

    client.post(unsubscribe_link(mailoutbox[0]))

    assert notifications.default_frequency(other_member) == Frequency.NONE


def test_a_forged_unsubscribe_token_is_refused(client):
    response = client.post(reverse("discussions:unsubscribe", args=["not-a-token"]))

    assert response.status_code == 400


def test_a_member_follows_and_unfollows_from_the_thread(client, topic, member):
    client.force_login(member)
    follow = {"thread": "discussions.topic", "object_id": topic.pk}

    client.post(reverse("discussions:follow"), {**follow, "action": "follow"})
    following_page = client.get(topic.get_absolute_url()).content.decode()
    client.post(reverse("discussions:follow"), {**follow, "action": "unfollow"})

    assert "Stop following" in following_page
    assert not notifications.is_following(member, topic)
    assert Subscription.objects.get(user=member).frequency == Frequency.NONE


@pytest.mark.parametrize(("thread", "object_id"), [("auth.user", "1"), ("discussions.topic", "999999"), ("x", "y")])
def test_only_readable_threads_can_be_followed(client, member, thread, object_id):
    client.force_login(member)

    response = client.post(reverse("discussions:follow"), {"thread": thread, "object_id": object_id})

    assert response.status_code == 404


def test_a_member_sets_the_default_and_a_threads_own_frequency(client, topic, member):
    subscription = notifications.follow(member, topic)
    client.force_login(member)
    url = reverse("discussions:notification_settings")

    assert topic.title in client.get(url).content.decode()
    client.post(url, {"default": "weekly", f"thread_{subscription.pk}": "daily"})

    subscription.refresh_from_db()
    assert (notifications.default_frequency(member), subscription.frequency) == ("weekly", "daily")


def test_a_held_comment_reaches_followers_only_once_published(
    post_as, topic, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    notifications.follow(other_member, topic)
    post_as(member, topic, "Link https://example.org from a newcomer")
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        moderation.publish_comment(comments_on(topic).get())

    assert len(mailoutbox) == 1


def test_publishing_in_the_moderation_admin_emails_followers_once(
    post_as, topic, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    notifications.follow(other_member, topic)
    post_as(member, topic, "Held: https://example.org")
    comment = comments_on(topic).get()

    for is_public in (True, False, True):  # published, held again, published again
        comment.is_public = is_public
        comment.save()
        with django_capture_on_commit_callbacks(execute=True):
            moderation.comment_changed_in_admin(comment)

    assert [message.to for message in mailoutbox] == [[other_member.email]]


def test_a_mail_server_that_is_down_does_not_fail_the_post(post_as, topic, member, other_member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notifications.follow(other_member, topic)

    response = post_as(member, topic, "Posted while the mail server is down")

    assert response.status_code == 302
    assert comments_on(topic).get().comment == "Posted while the mail server is down"
    assert PendingNotification.objects.count() == 1  # still queued for the next run


def test_with_a_worker_posts_only_queue_and_the_worker_sends(
    post_as, topic, member, other_member, settings, mailoutbox
):
    settings.DISCUSSION_EMAILS_FROM_WORKER = True
    notifications.follow(other_member, topic)
    post_as(member, topic, "Sent by the worker")
    assert mailoutbox == []

    call_command("send_discussion_emails")

    assert [message.to for message in mailoutbox] == [[other_member.email]]
    assert "Sent by the worker" in mailoutbox[0].body
    assert not PendingNotification.objects.exists()
    call_command("send_discussion_emails")
    assert len(mailoutbox) == 1
