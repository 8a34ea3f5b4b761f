"""Following threads and the news of new comments, sent through the notification service and its worker:
at once, in daily or weekly digests, or not at all."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.discussions import selectors, services
from portal.discussions.models import COMMENT_KIND, Frequency, Subscription
from portal.notifications import services as notifications
from portal.notifications.kinds import kinds
from portal.notifications.models import Delivery, EmailState, Notification
from tests.conftest import free_port
from tests.discussions.conftest import comment_data, comments_on, make_member
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db

POST_URL = "/discussions/comments/post/"


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


@pytest.fixture
def post_as(client, django_capture_on_commit_callbacks):
    """Post through the HTTP form, run what waits for the commit, then let the worker run what was queued."""

    def post(user, target, text, reply_to=0):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(POST_URL, comment_data(target, text, reply_to, next_url="/"))
        client.logout()
        run_worker()
        return response

    return post


def test_a_follower_gets_an_email_for_each_new_comment(post_as, topic, member, other_member, mailoutbox, settings):
    services.follow(user=other_member, target=topic)

    post_as(member, topic, "We pay in time credits.")

    (message,) = mailoutbox
    assert message.to == [other_member.email]
    assert message.subject == f"Amira Okafor commented on “{topic.title}”"
    assert "We pay in time credits." in message.body
    assert f"{settings.PORTAL_BASE_URL}{topic.get_absolute_url()}?c=" in message.body
    assert "Hello Tom Reyes," in message.body


@pytest.mark.django_db(transaction=True)
def test_live_readers_have_a_comment_before_its_followers_are_told(client, topic, member, other_member, monkeypatch):
    """Committed first and broadcast at once: telling followers (and their bells) does not hold up the thread."""
    order = []
    notify = notifications.notify

    def told(**kwargs):
        order.append("followers told")
        return notify(**kwargs)

    monkeypatch.setattr(services, "broadcast_comment", lambda comment, late=None: order.append("broadcast"))
    monkeypatch.setattr(notifications, "notify", told)
    services.follow(user=other_member, target=topic)
    client.force_login(member)

    client.post(POST_URL, comment_data(topic, "First to the readers", next_url="/"))

    assert order == ["broadcast", "followers told"]
    assert Notification.objects.filter(recipient=other_member, kind=COMMENT_KIND).count() == 1


def test_the_post_only_queues_the_email_and_the_worker_sends_it(client, topic, member, other_member, mailoutbox):
    services.follow(user=other_member, target=topic)
    client.force_login(member)

    client.post(POST_URL, comment_data(topic, "Sent by the worker", next_url="/"))
    assert mailoutbox == []
    run_worker()
    run_worker()

    assert [message.to for message in mailoutbox] == [[other_member.email]]


def test_nobody_is_emailed_about_their_own_comment(post_as, topic, member, mailoutbox):
    services.follow(user=member, target=topic)

    post_as(member, topic, "Talking to myself")

    assert mailoutbox == []


def test_the_author_of_the_comment_replied_to_hears_of_the_reply(post_as, topic, member, other_member, mailoutbox):
    parent = services.post_comment(target=topic, user=other_member, text="A first thought")

    post_as(member, topic, "A reply to it", reply_to=parent.pk)

    assert [message.to for message in mailoutbox] == [[other_member.email]]
    assert mailoutbox[0].subject == f"Amira Okafor replied to you in “{topic.title}”"


def test_taking_part_follows_the_thread(post_as, topic, member, other_member, mailoutbox):
    post_as(member, topic, "I am in")
    post_as(other_member, topic, "So am I")

    assert selectors.is_following(member, topic)
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_a_daily_digest_lists_the_comment_texts_with_their_topics(post_as, topic, member, other_member, mailoutbox):
    second = TopicFactory(title="Measuring co-production")
    services.set_default_delivery(user=other_member, delivery=Delivery.DAILY)
    services.follow(user=other_member, target=topic)
    services.follow(user=other_member, target=second)
    post_as(member, topic, "First on topic one")
    post_as(member, second, "Only one on topic two")
    post_as(member, topic, "Second on topic one")
    assert mailoutbox == []

    assert notifications.send_digests(delivery=Delivery.DAILY) == 1

    body = mailoutbox[0].body
    assert mailoutbox[0].to == [other_member.email]
    assert body.index(topic.title) < body.index("First on topic one") < body.index("Second on topic one")
    assert body.index(second.title) < body.index("Only one on topic two")
    assert notifications.send_digests(delivery=Delivery.DAILY) == 0


def test_weekly_readers_are_not_in_the_daily_digest(post_as, topic, member, other_member, mailoutbox):
    services.follow(user=other_member, target=topic, frequency=Frequency.WEEKLY)
    post_as(member, topic, "For the weekly")

    assert notifications.send_digests(delivery=Delivery.DAILY) == 0
    assert notifications.send_digests(delivery=Delivery.WEEKLY) == 1

    assert "For the weekly" in mailoutbox[0].body


def test_a_threads_own_choice_overrides_the_default(post_as, topic, member, other_member, mailoutbox):
    services.set_default_delivery(user=other_member, delivery=Delivery.OFF)
    services.follow(user=other_member, target=topic, frequency=Frequency.IMMEDIATE)

    post_as(member, topic, "Worth hearing at once")

    assert len(mailoutbox) == 1


def test_a_muted_thread_tells_nothing(post_as, topic, member, other_member, mailoutbox):
    services.unfollow(user=other_member, target=topic)

    post_as(member, topic, "Nobody hears this")

    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_the_one_click_unsubscribe_stops_new_comment_emails(client, post_as, topic, member, other_member, mailoutbox):
    services.follow(user=other_member, target=topic)
    post_as(member, topic, "First")

    response = client.post(mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>"))
    post_as(member, topic, "Second")

    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert selectors.default_delivery(other_member) == Delivery.SITE
    assert Notification.objects.filter(recipient=other_member).count() == 2  # still told in the site


def test_a_member_follows_and_unfollows_from_the_thread(client, topic, member):
    client.force_login(member)
    follow = {"thread": "discussions.topic", "object_id": topic.pk}

    client.post(reverse("discussions:follow"), {**follow, "action": "follow"})
    following_page = client.get(topic.get_absolute_url()).content.decode()
    client.post(reverse("discussions:follow"), {**follow, "action": "unfollow"})

    assert "Stop following" in following_page
    assert not selectors.is_following(member, topic)
    assert Subscription.objects.get(user=member).frequency == Frequency.NONE


@pytest.mark.parametrize(("thread", "object_id"), [("auth.user", "1"), ("discussions.topic", "999999"), ("x", "y")])
def test_only_readable_threads_can_be_followed(client, member, thread, object_id):
    client.force_login(member)

    response = client.post(reverse("discussions:follow"), {"thread": thread, "object_id": object_id})

    assert response.status_code == 404


def test_a_member_sets_the_default_and_a_threads_own_frequency_on_the_one_settings_page(client, topic, member):
    subscription = services.follow(user=member, target=topic)
    client.force_login(member)
    url = reverse("notifications:settings")

    assert client.get(reverse("discussions:notification_settings")).url == f"{url}#followed-discussions"
    assert topic.title in client.get(url).content.decode()
    form = {kind.name: "site" for kind in kinds()}
    response = client.post(url, {**form, COMMENT_KIND: "weekly", f"thread_{subscription.pk}": "daily"}, follow=True)

    subscription.refresh_from_db()
    assert (selectors.default_delivery(member), subscription.frequency) == ("weekly", "daily")
    assert "Your notification settings are saved." in response.content.decode()
    assert "New comments come in your daily digest" in client.get(topic.get_absolute_url()).content.decode()


def test_a_thread_stopped_from_the_settings_page_offers_follow_again_and_leaves_the_list(client, topic, member):
    subscription = services.follow(user=member, target=topic)
    client.force_login(member)
    url = reverse("notifications:settings")
    form = {kind.name: "immediate" for kind in kinds()}

    client.post(url, {**form, f"thread_{subscription.pk}": Frequency.NONE})

    assert "Follow this discussion" in client.get(topic.get_absolute_url()).content.decode()
    assert topic.title not in client.get(url).content.decode()


def test_a_held_comment_reaches_followers_only_once_published(
    post_as, topic, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow(user=other_member, target=topic)
    post_as(member, topic, "Link https://example.org from a newcomer")
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_comment(comment=comments_on(topic).get())
    run_worker()

    assert len(mailoutbox) == 1


def test_publishing_again_emails_followers_once(
    post_as, topic, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow(user=other_member, target=topic)
    post_as(member, topic, "Held: https://example.org")
    comment = comments_on(topic).get()

    for decision in (services.publish_comment, services.hold_comment, services.publish_comment):
        with django_capture_on_commit_callbacks(execute=True):
            decision(comment=comment)
        run_worker()

    assert [message.to for message in mailoutbox] == [[other_member.email]]


def test_a_comment_removed_before_the_worker_ran_is_never_emailed(
    post_as, client, topic, member, other_member, mailoutbox
):
    services.follow(user=other_member, target=topic)
    client.force_login(member)
    client.post(POST_URL, comment_data(topic, "Regretted at once", next_url="/"))

    services.remove_comment(comment=comments_on(topic).get())
    run_worker()

    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_a_mail_server_that_is_down_does_not_fail_the_post(post_as, topic, member, other_member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    services.follow(user=other_member, target=topic)

    response = post_as(member, topic, "Posted while the mail server is down")

    assert response.status_code == 302
    assert comments_on(topic).get().comment == "Posted while the mail server is down"
    notice = Notification.objects.get(kind=COMMENT_KIND)
    assert (notice.email_state, notice.email_attempts) == (EmailState.PENDING, 1)  # for the next run


def _post_with_followers(client, topic, author, count: int) -> tuple[int, int]:
    for n in range(count):
        services.follow(user=make_member(f"Follower {count}-{n}"), target=topic)
    client.force_login(author)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(POST_URL, comment_data(topic, f"For {count} followers", next_url="/"))
    return response.status_code, len(queries)


def test_telling_followers_costs_the_same_queries_for_three_or_six(client, member):
    _post_with_followers(client, TopicFactory(), member, 1)  # warms the caches a first post fills
    three = _post_with_followers(client, TopicFactory(), member, 3)
    six = _post_with_followers(client, TopicFactory(), member, 6)

    assert three == six
    assert three[0] == 302
    assert Notification.objects.count() == 1 + 3 + 6
