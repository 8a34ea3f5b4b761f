"""Contacting a practitioner through the portal, and keeping away from a member: mute and block."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.network import services
from portal.network.models import ContactMessage, MemberBlock, MemberMute
from portal.notifications.models import Notification
from tests.network.factories import PractitionerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(name, **profile):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name=name, **profile)
    return type(user).objects.select_related("profile").get(pk=user.pk)


@pytest.fixture
def mentor():
    return member("Priya Mentor", open_to=["mentoring", "site-visits"])


@pytest.fixture
def writer():
    return member("Will Writer")


def contact_url(user):
    return reverse("network:contact", args=[user.profile.slug])


def test_a_member_contacts_a_practitioner_by_email_without_either_address(client, mentor, writer, mailoutbox):
    client.force_login(writer)
    assert "Contact this practitioner" in client.get(mentor.profile.get_absolute_url()).content.decode()

    response = client.post(contact_url(mentor), {"about": "mentoring", "message": "Could we talk about peer support?"})
    call_command("run_worker", "--batch", verbosity=0)

    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == [mentor.email]
    body = email.body + str(email.alternatives)
    assert "Could we talk about peer support?" in body
    assert writer.email not in body
    assert "Will Writer sent you a message about mentoring" in email.subject + body
    assert contact_url(writer) in body  # the reply goes through the portal


def test_the_practitioner_replies_through_the_portal_though_not_open_to_messages(client, mentor, writer):
    services.send_contact_message(sender=writer, profile=mentor.profile, about="mentoring", message="Hello")
    client.force_login(mentor)

    page = client.get(contact_url(writer))
    client.post(contact_url(writer), {"message": "Happy to talk"})

    assert "Reply to Will Writer" in page.content.decode()
    assert ContactMessage.objects.filter(sender=mentor, recipient=writer, about="").exists()


def test_a_practitioner_open_to_nothing_offers_no_contact(client, writer):
    closed = member("Closed Door")
    client.force_login(writer)

    assert "Contact this practitioner" not in client.get(closed.profile.get_absolute_url()).content.decode()
    response = client.post(contact_url(closed), {"message": "Hi"})
    assert response.status_code == 403
    assert "not open to messages" in response.content.decode()


def test_a_reason_they_are_not_open_to_is_refused(client, mentor, writer):
    client.force_login(writer)

    response = client.post(contact_url(mentor), {"about": "speaking", "message": "Keynote?"})

    assert response.status_code == 200
    assert not ContactMessage.objects.exists()


def test_contact_is_rate_limited(client, mentor, writer):
    client.force_login(writer)
    for n in range(5):
        client.post(contact_url(mentor), {"about": "mentoring", "message": f"Message {n}"})

    response = client.post(contact_url(mentor), {"about": "mentoring", "message": "One too many"})

    assert response.status_code == 403
    assert "5 messages a day" in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_a_blocked_member_cannot_contact_and_is_not_notified(client, mentor, writer):
    client.force_login(mentor)
    client.post(reverse("network:block", args=[writer.profile.slug]))
    client.force_login(writer)

    assert client.get(contact_url(mentor)).status_code == 403
    assert MemberBlock.objects.filter(blocker=mentor, blocked=writer).exists()
    assert not Notification.objects.exists()


def test_mute_and_unmute_from_the_profile(client, mentor, writer):
    client.force_login(writer)
    client.post(reverse("network:mute", args=[mentor.profile.slug]))
    assert MemberMute.objects.filter(muter=writer, muted=mentor).exists()
    assert "Stop muting Priya Mentor" in client.get(mentor.profile.get_absolute_url()).content.decode()

    client.post(reverse("network:unmute", args=[mentor.profile.slug]))
    assert not MemberMute.objects.exists()


def test_nobody_blocks_themselves(client, writer):
    client.force_login(writer)

    response = client.post(reverse("network:block", args=[writer.profile.slug]), follow=True)

    assert "You cannot block yourself." in response.content.decode()
    assert not MemberBlock.objects.exists()


def test_a_new_follower_is_told_once_even_after_unfollowing_and_following_again(mentor, writer):
    for _ in range(2):
        services.follow(follower=writer.profile, followed=mentor.profile)
        services.unfollow(follower=writer.profile, followed=mentor.profile)

    [notice] = Notification.objects.filter(recipient=mentor)
    assert (notice.kind, notice.title, notice.target_url) == (
        "network.follower",
        "Will Writer started following you",
        writer.profile.get_absolute_url(),
    )
