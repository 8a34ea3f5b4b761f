"""The recipient of a "Contact this practitioner" message can report it, with a reason, from the email's
link and from the site; it waits in the review queue as a contact message; nobody else can report it."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal.moderation import services as moderation
from portal.moderation.models import QueueItem, Report
from portal.network import services
from portal.network.models import ContactMessage
from portal.network.moderation import CONTACT_QUEUE_KIND
from tests.network.test_contact_and_blocks import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor():
    return member("Priya Mentor", open_to=["mentoring"])


@pytest.fixture
def sender():
    return member("Sam Sender")


@pytest.fixture
def contact(mentor, sender):
    profile = mentor.profile
    return services.send_contact_message(sender=sender, profile=profile, about="mentoring", message="Buy my course")


def report(client, contact, reason="spam", note=""):
    return client.post(reverse("network:report_contact", args=[contact.pk]), {"reason": reason, "note": note})


def test_the_relayed_email_links_to_the_message_page(contact, mailoutbox):
    call_command("run_worker", "--batch", verbosity=0)

    [email] = mailoutbox
    link = f"{settings.PORTAL_BASE_URL}{reverse('network:contact_message', args=[contact.pk])}"
    assert link in email.body
    assert link in str(email.alternatives)


def test_the_recipient_reads_and_reports_the_message_into_the_review_queue(client, mentor, sender, contact):
    client.force_login(mentor)

    page = client.get(reverse("network:contact_message", args=[contact.pk])).content.decode()
    response = report(client, contact, reason="abuse")

    assert "Buy my course" in page
    assert "Why are you reporting this?" in page
    assert response.status_code == 302
    item = QueueItem.objects.get(kind=CONTACT_QUEUE_KIND)
    assert item.author == sender
    assert Report.objects.get(item=item).reason == "abuse"


def test_the_reply_page_lists_the_messages_received_with_a_way_to_report(client, mentor, sender, contact):
    client.force_login(mentor)

    page = client.get(reverse("network:contact", args=[sender.profile.slug])).content.decode()

    assert reverse("network:contact_message", args=[contact.pk]) in page


def test_a_report_needs_a_reason(client, mentor, contact):
    client.force_login(mentor)

    response = report(client, contact, reason="")

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_nobody_but_the_recipient_reads_or_reports_it(client, sender, contact):
    stranger = member("Stella Stranger")
    for user in (sender, stranger):
        client.force_login(user)
        assert client.get(reverse("network:contact_message", args=[contact.pk])).status_code == 404
        assert report(client, contact).status_code == 404
    assert not Report.objects.exists()


def test_a_moderator_removing_it_clears_the_kept_text(client, mentor, contact):
    client.force_login(mentor)
    report(client, contact)
    moderator = member("Mo Derator")
    item = QueueItem.objects.get(kind=CONTACT_QUEUE_KIND)

    moderation.decide(item_id=item.pk, action="remove", moderator=moderator, removal_reason="spam")

    assert ContactMessage.objects.get(pk=contact.pk).message == ""
    page = client.get(reverse("network:contact_message", args=[contact.pk])).content.decode()
    assert "A moderator removed this message" in page
