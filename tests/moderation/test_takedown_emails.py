"""What a take-down request sends: an acknowledgement to the requester (who may not be a member), a notice
to the moderators in the site and by email, and the decision to the requester; each in the portal's voice
with absolute links to the running site and no usernames."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from portal.moderation import services
from portal.moderation.models import QueueItem
from portal.notifications.models import Notification
from tests.discussions.conftest import make_member
from tests.moderation.conftest import make_moderator
from tests.practices.factories import CaseStudyPageFactory

BASE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def running_site(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE
    cache.delete("moderation:takedown:127.0.0.1")


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def ask(client, page, reason="no-consent"):
    return client.post(
        "/take-down/",
        {
            "page_url": f"{BASE}{page.url}",
            "reason": reason,
            "details": "The second quote is mine <b>and</b> I did not agree to it.",
            "name": "Sam Lee",
            "email": "sam@example.net",
            "website": "",
        },
    )


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def both_parts(message) -> str:
    return message.body + message.alternatives[0][0]


@pytest.mark.django_db
class TestTakedownEmails:
    def test_the_requester_is_told_it_arrived_and_what_happens_next(self, client, site_tree):
        page = CaseStudyPageFactory()
        moderator = make_moderator("Mo Derator")
        mail.outbox.clear()

        assert ask(client, page).status_code == 200
        assert not emails_to("sam@example.net")  # the worker sends it, not the request
        run_worker()

        [message] = emails_to("sam@example.net")
        assert message.subject == "Co-production portal: we have your take-down request"
        text = both_parts(message)
        assert "Hello Sam Lee," in message.body
        assert "What happens next" in text
        assert f"{BASE}{page.url}" in message.body
        assert "I can be identified and did not agree to it" in message.body
        assert "We email you at this address to tell you what we decided" in message.body
        assert f"{BASE}/take-down/" in message.body
        assert f'href="{BASE}/take-down/"' in message.alternatives[0][0]
        assert "/admin/" not in text  # nothing a visitor cannot open
        assert "unsubscribe" not in text.lower()
        assert moderator.username not in text
        assert "taken the page off the site" not in text
        client.force_login(moderator)
        item_page = client.get(reverse("moderation_item", args=[QueueItem.objects.get().pk])).content.decode()
        assert "Acknowledgement emailed on" in item_page

    def test_a_safeguarding_requester_is_told_the_page_is_hidden_already(self, client, site_tree):
        page = CaseStudyPageFactory()
        mail.outbox.clear()

        ask(client, page, reason="safeguarding")
        run_worker()

        [message] = emails_to("sam@example.net")
        assert "we have taken the page off the site already" in message.body
        assert "straight away for a risk to someone's safety" in message.body

    def test_moderators_get_a_notice_in_the_site_and_by_email(self, client, site_tree):
        page = CaseStudyPageFactory(title="Peer support in Hollinbridge")
        moderator = make_moderator("Mo Derator")
        bystander = make_member("Just A Member")
        mail.outbox.clear()

        ask(client, page, reason="safeguarding")
        run_worker()

        item = QueueItem.objects.get()
        notice = Notification.objects.get(kind=services.TAKEDOWN_KIND)
        assert notice.recipient == moderator
        assert notice.title == "Take-down request (safeguarding): Peer support in Hollinbridge"
        assert notice.target_url == reverse("moderation_item", args=[item.pk])
        assert not Notification.objects.filter(recipient=bystander).exists()
        [message] = emails_to(moderator.email)
        assert "Hello Mo Derator," in message.body
        assert f"{BASE}/admin/review-queue/{item.pk}/" in message.body
        assert "The page was hidden at once." in message.body
        assert moderator.username not in both_parts(message)
        assert "sam@example.net" not in both_parts(message)

    def test_the_requester_is_told_the_page_was_taken_down_with_the_editors_note(self, client, site_tree):
        page = CaseStudyPageFactory()
        moderator = make_moderator("Mo Derator")
        ask(client, page)
        run_worker()
        mail.outbox.clear()

        services.decide(
            item_id=QueueItem.objects.get().pk,
            action="approve",
            moderator=moderator,
            note="We removed the <quote> until the author confirms consent.",
        )
        run_worker()
        run_worker()  # once only

        [message] = emails_to("sam@example.net")
        assert message.subject == "Co-production portal: our decision on your take-down request"
        assert "We agreed with you and have taken the page down: it is no longer on Co-production portal." in (
            message.body
        )
        assert "We removed the <quote> until the author confirms consent." in message.body
        assert "We removed the &lt;quote&gt;" in message.alternatives[0][0]
        assert "Mo Derator" not in message.body
        assert moderator.username not in both_parts(message)
        assert f"{BASE}/take-down/" in message.body
        assert "/admin/" not in both_parts(message)

    def test_the_requester_is_told_a_declined_safeguarding_page_is_back(self, client, site_tree):
        page = CaseStudyPageFactory()
        ask(client, page, reason="safeguarding")
        run_worker()
        mail.outbox.clear()

        services.decide(item_id=QueueItem.objects.get().pk, action="dismiss", moderator=make_moderator("Mo"))
        run_worker()

        [message] = emails_to("sam@example.net")
        assert "decided to keep the page as it is: we had taken it off the site while we looked" in message.body


def test_only_moderators_are_offered_the_take_down_notices_on_their_settings_page(client, db):
    member, moderator = make_member("Ada Member"), make_moderator("Noor Moderator")

    client.force_login(member)
    members_page = client.get(reverse("notifications:settings")).content.decode()
    client.force_login(moderator)
    moderators_page = client.get(reverse("notifications:settings")).content.decode()

    assert "Take-down requests to review" not in members_page
    assert "Take-down requests to review" in moderators_page
