"""A member whose proposed group or organisation the editors decline is told, in the site and by email, in the
portal's voice: with the reason and note the moderator gave, absolute links and no usernames. A proposal
whose proposer deletes their account leaves the queue as withdrawn."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from portal.accounts.services import delete_account
from portal.discussions.models import Forum
from portal.groups import services as groups
from portal.groups.models import Access, Group, GroupKind, GroupStatus
from portal.moderation import services as moderation
from portal.moderation.models import QueueItem, RemovalReason
from portal.network import services as network
from portal.notifications.models import Delivery, Notification
from portal.notifications.services import set_delivery
from portal.taxonomy.services import ensure_organisation_kinds
from tests.discussions.conftest import make_member
from tests.moderation.test_decided_outside_the_queue import editor, group_form  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def running_site(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.WAGTAILADMIN_BASE_URL = BASE


@pytest.fixture
def proposer():
    return make_member("Petra Proposer")


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def both_parts(message) -> str:
    return message.body + message.alternatives[0][0]


def propose_group(proposer):
    return groups.propose_group(
        proposer=proposer, name="Co-production in libraries", kind=GroupKind.TOPIC, access=Access.OPEN, summary="Books."
    )


def propose_organisation(proposer):
    ensure_organisation_kinds()
    return network.propose_organisation(name="Hollowford Tenants' Union", kind="community-group", proposed_by=proposer)


def decline_in_the_queue(kind, moderator, reason, note=""):
    item = QueueItem.objects.get(kind=kind)
    moderation.decide(item_id=item.pk, action="remove", moderator=moderator, removal_reason=reason, note=note)


def test_a_declined_group_proposal_is_explained_to_its_proposer_by_email(proposer, moderator):
    propose_group(proposer)
    mail.outbox.clear()

    decline_in_the_queue("groups.proposal", moderator, RemovalReason.OFF_TOPIC, note="A <b>libraries</b> group exists.")
    run_worker()

    (message,) = mail.outbox
    text, html = message.body, message.alternatives[0][0]
    assert message.to == [proposer.email]
    assert message.subject == "Your proposed group “Co-production in libraries” was not approved"
    assert text.startswith("Hello Petra Proposer,")
    assert "Thank you for proposing the group “Co-production in libraries”" in text
    assert "decided not to open it" in text
    assert "Why: It is off-topic." in text
    assert "A <b>libraries</b> group exists." in text  # the plain part as written
    assert "A &lt;b&gt;libraries&lt;/b&gt; group exists." in html  # the HTML part escaped
    assert f"You are welcome to propose another group: {BASE}/groups/propose/" in text
    assert f'href="{BASE}/groups/propose/"' in html
    for part in (text, html):
        assert proposer.username not in part
        assert moderator.username not in part
        assert "Decided in" not in part
    notice = Notification.objects.get(recipient=proposer, kind=groups.PROPOSAL_DECLINED_KIND)
    assert notice.text == "Why: It is off-topic. A <b>libraries</b> group exists."


def test_a_declined_organisation_is_explained_with_the_moderators_own_words(proposer, moderator):
    propose_organisation(proposer)
    mail.outbox.clear()

    decline_in_the_queue("network.organisation", moderator, RemovalReason.OTHER, note="It is a person, not a group.")
    run_worker()

    (message,) = mail.outbox
    text = message.body
    assert message.subject == "Your proposed organisation “Hollowford Tenants' Union” was not approved"
    assert "decided not to list it" in text
    assert "Why:" not in text  # "another reason": the note says it
    assert "The editors' note:\n\nIt is a person, not a group." in text
    assert f"You can choose an organisation that is already listed: {BASE}/organisations/" in text
    assert proposer.username not in both_parts(message)


def test_a_group_declined_in_the_groups_admin_sends_the_editors_note(client, editor, proposer):  # noqa: F811
    group = propose_group(proposer)
    client.force_login(editor)
    mail.outbox.clear()

    response = client.post(
        reverse("wagtailsnippets_groups_group:edit", args=[group.pk]),
        group_form(group, status=GroupStatus.DECLINED, decline_note="We already have a group for this."),
    )
    run_worker()

    assert response.status_code == 302
    (message,) = mail.outbox
    assert "We already have a group for this." in message.body
    assert "Why:" not in message.body
    assert "Decided in the groups admin" not in both_parts(message)


def test_a_member_who_switched_the_kind_off_hears_nothing(proposer, moderator):
    set_delivery(user=proposer, kind=groups.PROPOSAL_DECLINED_KIND, delivery=Delivery.OFF)
    propose_group(proposer)
    mail.outbox.clear()

    decline_in_the_queue("groups.proposal", moderator, RemovalReason.TERMS)
    run_worker()

    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=proposer, kind=groups.PROPOSAL_DECLINED_KIND).exists()


def test_the_settings_page_offers_both_kinds(client, proposer):
    client.force_login(proposer)

    page = client.get("/notifications/settings/").content.decode()

    assert "Your proposed groups not approved" in page
    assert "Your proposed organisations not approved" in page


def test_a_proposal_whose_proposer_deletes_their_account_leaves_the_queue(client, moderator, proposer):
    group = propose_group(proposer)
    forum_id = group.forum_id
    other = groups.propose_group(
        proposer=make_member("Otto Other"), name="Peer support", kind=GroupKind.TOPIC, access=Access.OPEN, summary="."
    )
    item = QueueItem.objects.get(kind="groups.proposal", object_id=str(group.pk))

    delete_account(user_id=proposer.pk)

    item.refresh_from_db()
    assert item.state == QueueItem.State.WITHDRAWN
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Forum.objects.filter(pk=forum_id).exists()
    assert Group.objects.filter(pk=other.pk, status=GroupStatus.PROPOSED).exists()  # others' proposals wait on
    client.force_login(moderator)
    waiting = client.get(reverse("moderation_queue")).content.decode()
    assert "Peer support" in waiting
    assert "Co-production in libraries" not in waiting
    history = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Withdrawn: the proposer deleted their account" in history
