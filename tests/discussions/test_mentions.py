"""@mentions: a member's handle (their public profile slug) links to their profile and tells them once."""

import pytest
from django.urls import reverse

from portal.discussions import selectors, services
from portal.discussions.models import MENTION_KIND, REPLY_KIND
from portal.network import services as network
from portal.notifications import services as notifications
from portal.notifications.models import Notification
from tests.discussions.conftest import comment_data, make_member

pytestmark = pytest.mark.django_db
POST_URL = "/discussions/comments/post/"


def handle(user) -> str:
    return "@" + user.profile.slug


def test_a_mention_links_to_the_profile_and_an_unknown_handle_stays_text(client, topic, member, other_member):
    services.post_comment(target=topic, user=member, text=f"Ask {handle(other_member)} and @nobody-here")

    html = client.get(topic.get_absolute_url()).content.decode()

    profile_url = other_member.profile.get_absolute_url()
    assert f'<a class="mention" href="{profile_url}">{handle(other_member)}</a>' in html
    assert "@nobody-here" in html
    assert 'href="/practitioners/nobody-here/"' not in html


def test_a_username_is_not_a_handle(client, topic, member, other_member):
    services.post_comment(target=topic, user=member, text=f"Hello @{other_member.username}")

    assert not Notification.objects.filter(kind=MENTION_KIND).exists()


def test_the_member_mentioned_is_told_once_as_a_mention(topic, member, other_member):
    services.follow(user=other_member, target=topic)

    comment = services.post_comment(
        target=topic, user=member, text=f"{handle(other_member)} {handle(other_member)} what do you think?"
    )

    notices = Notification.objects.filter(recipient=other_member)
    link = f"{topic.get_absolute_url()}?c={comment.pk}#c{comment.pk}"
    assert [(n.kind, n.target_url) for n in notices] == [(MENTION_KIND, link)]
    assert notices.get().title == f"Amira Okafor mentioned you in “{topic.title}”"


def test_a_reply_that_mentions_its_parent_author_tells_them_once(topic, member, other_member):
    parent = services.post_comment(target=topic, user=other_member, text="First")

    services.post_comment(target=topic, user=member, text=f"{handle(other_member)} agreed", reply_to=parent)

    assert list(Notification.objects.filter(recipient=other_member).values_list("kind", flat=True)) == [MENTION_KIND]
    assert not Notification.objects.filter(recipient=other_member, kind=REPLY_KIND).exists()


def test_a_mention_respects_the_members_setting(topic, member, other_member):
    notifications.set_delivery(user=other_member, kind=MENTION_KIND, delivery="off")

    services.post_comment(target=topic, user=member, text=f"{handle(other_member)} hello")

    assert not Notification.objects.filter(recipient=other_member).exists()


def test_a_suspended_member_is_not_told(topic, member, other_member):
    network.suspend_account(profile=other_member.profile, reason="spam")

    services.post_comment(target=topic, user=member, text=f"{handle(other_member)} hello")

    assert not Notification.objects.filter(recipient=other_member).exists()


@pytest.mark.parametrize("who_blocks", ["mentioned", "author"])
def test_a_block_either_way_stops_the_mention(topic, member, other_member, who_blocks):
    blocker, blocked = (other_member, member) if who_blocks == "mentioned" else (member, other_member)
    network.block_member(user=blocker, other=blocked)

    services.post_comment(target=topic, user=member, text=f"{handle(other_member)} hello")

    assert not Notification.objects.filter(recipient=other_member).exists()


def test_a_block_also_stops_follower_notices(topic, member, other_member):
    services.follow(user=other_member, target=topic)
    network.block_member(user=other_member, other=member)

    services.post_comment(target=topic, user=member, text="A comment the blocker follows")

    assert not Notification.objects.filter(recipient=other_member).exists()


def test_two_hundred_mentions_notify_a_capped_number_and_tell_the_author(client, topic, member):
    mentioned = [make_member(f"Member {n}") for n in range(selectors.MENTIONS_NOTIFIED + 2)]
    handles = " ".join(handle(user) for user in mentioned) + " " + " ".join(f"@ghost-{n}" for n in range(188))
    client.force_login(member)

    response = client.post(POST_URL, comment_data(topic, handles, next_url=topic.get_absolute_url()), follow=True)

    assert Notification.objects.filter(kind=MENTION_KIND).count() == selectors.MENTIONS_NOTIFIED
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {user.pk for user in mentioned[: selectors.MENTIONS_NOTIFIED]}
    assert f"You mentioned 12 members; only the first {selectors.MENTIONS_NOTIFIED} are notified." in (
        response.content.decode()
    )


def test_a_mention_inside_code_is_not_a_mention(topic, member, other_member):
    services.post_comment(target=topic, user=member, text=f"`{handle(other_member)}` is how you write it")

    assert not Notification.objects.exists()


def test_members_are_suggested_by_name_to_members_only(client, member, other_member):
    url = reverse("discussions:members_to_mention")

    assert client.get(url, {"q": "To"}).status_code == 403
    client.force_login(member)
    found = client.get(url, {"q": "To"}).json()["members"]

    assert found == [
        {"name": "Tom Reyes", "handle": other_member.profile.slug, "url": other_member.profile.get_absolute_url()}
    ]
    assert client.get(url, {"q": "Amira"}).json()["members"] == []  # never yourself


def test_a_blocked_member_is_not_suggested(client, member, other_member):
    network.block_member(user=other_member, other=member)
    client.force_login(member)

    assert client.get(reverse("discussions:members_to_mention"), {"q": "Tom"}).json()["members"] == []


def test_followers_hear_of_a_topic_started_by_someone_they_follow(member, other_member):
    from portal.discussions.models import TOPIC_KIND
    from portal.network import services as network_services
    from tests.discussions.factories import ForumFactory

    network_services.follow(follower=other_member.profile, followed=member.profile)

    topic = services.start_topic(forum=ForumFactory(), author=member, title="Paying for time", body="How?")

    notice = Notification.objects.get(recipient=other_member, kind=TOPIC_KIND)
    assert notice.target_url == topic.get_absolute_url()
