"""Proposals, comments and held accounts decided in their own admin close their review-queue item with the
audit entry a decision in the queue writes; deciding in the queue writes it once."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from portal.discussions import services as discussions
from portal.groups import services as groups
from portal.groups.models import Access, GroupKind, GroupStatus
from portal.moderation import services as moderation
from portal.moderation.models import QueueItem
from portal.network import services as network
from portal.network.models import Organisation, OrganisationReview
from portal.notifications.models import Notification
from portal.taxonomy.services import ensure_organisation_kinds
from tests.accounts.factories import with_authenticator_app
from tests.discussions.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site_tree):
    user = make_member("Edie Tor")
    user.is_superuser = user.is_staff = True
    user.save()
    with_authenticator_app(user)
    return user


@pytest.fixture
def proposer():
    return make_member("Petra Proposer")


def entries(item, action):
    return ModelLogEntry.objects.filter(object_id=str(item.pk), action=f"moderation.{action}")


def group_form(group, **changes):
    data = {
        "name": group.name,
        "slug": group.slug,
        "kind": group.kind,
        "access": group.access,
        "status": group.status,
        "summary": group.summary,
        "description": group.description,
        "region": "",
        "service_area": "",
        "add_organiser": "",
    }
    return {**data, **changes}


def propose(proposer):
    return groups.propose_group(
        proposer=proposer, name="Co-production in libraries", kind=GroupKind.TOPIC, access=Access.OPEN, summary="Books."
    )


def test_a_group_approved_in_the_groups_admin_closes_its_queue_item(client, editor, proposer):
    group = propose(proposer)
    client.force_login(editor)

    response = client.post(
        reverse("wagtailsnippets_groups_group:edit", args=[group.pk]), group_form(group, status=GroupStatus.ACTIVE)
    )

    assert response.status_code == 302
    item = QueueItem.objects.get(kind="groups.proposal")
    assert (item.state, item.decided_by) == ("approved", editor)
    [entry] = entries(item, "approve")
    assert entry.user == editor
    assert "Decided in the groups admin" in entry.message
    assert Notification.objects.filter(recipient=proposer, kind=groups.APPROVED_KIND).exists()
    page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
    assert "Decided in the groups admin" in page


def test_a_group_declined_in_the_groups_admin_closes_its_queue_item(client, editor, proposer):
    group = propose(proposer)
    client.force_login(editor)

    client.post(
        reverse("wagtailsnippets_groups_group:edit", args=[group.pk]), group_form(group, status=GroupStatus.DECLINED)
    )

    item = QueueItem.objects.get(kind="groups.proposal")
    assert item.state == "removed"
    assert entries(item, "remove").get().user == editor


def test_deciding_in_the_queue_writes_one_entry(editor, proposer):
    propose(proposer)
    item = QueueItem.objects.get(kind="groups.proposal")

    moderation.decide(item_id=item.pk, action="approve", moderator=editor)

    assert entries(item, "approve").count() == 1
    assert entries(item, "approve").get().data["note"] == ""


def test_an_organisation_approved_in_its_admin_closes_its_queue_item(client, editor, proposer):
    ensure_organisation_kinds()
    organisation = network.propose_organisation(name="Hollowford Tenants' Union", kind="community-group",
                                                proposed_by=proposer)  # fmt: skip
    client.force_login(editor)

    response = client.post(
        reverse("wagtailsnippets_network_organisation:edit", args=[organisation.pk]),
        {
            "review_state": OrganisationReview.APPROVED,
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind_id,
            "region": "",
            "website": "",
            "description": "",
        },
    )

    assert response.status_code == 302
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    item = QueueItem.objects.get(kind="network.organisation")
    assert (item.state, item.decided_by) == ("approved", editor)
    assert "Decided in the organisations admin" in entries(item, "approve").get().message


def test_a_comment_removed_in_the_comments_admin_closes_its_queue_item(client, editor, topic, author):
    comment = discussions.post_comment(target=topic, user=author, text="Cheap pills")
    discussions.flag_comment(comment=comment, user=make_member("Ann Reporter"), reason="spam")
    client.force_login(editor)
    path = reverse("wagtail_bulk_action", args=("django_comments_xtd", "xtdcomment", "remove-comments"))

    client.post(f"{path}?id={comment.pk}")

    assert XtdComment.objects.get(pk=comment.pk).is_removed
    item = QueueItem.objects.get(kind="discussions.comment")
    assert (item.state, item.decided_by) == ("removed", editor)
    assert "Decided in the comments admin" in entries(item, "remove").get().message


def test_a_held_account_made_active_in_the_users_admin_is_approved_and_told(client, editor, settings):
    held = make_member("Nell Newcomer")
    moderation.hold_new_account(user=held)
    client.force_login(editor)
    path = reverse("wagtail_bulk_action", args=("auth", "user", "set_active_state"))

    response = client.post(f"{path}?id={held.pk}", {"mark_as_active": "True"})

    assert response.status_code == 302
    item = QueueItem.objects.get(kind="moderation.account")
    assert (item.state, item.decided_by) == ("approved", editor)
    assert entries(item, "approve").get().user == editor
    call_command("run_worker", "--batch", verbosity=0)
    assert Notification.objects.filter(recipient=held, kind=moderation.ACCOUNT_APPROVED_KIND).exists()


def test_a_held_account_made_active_in_its_edit_form_is_approved(client, editor):
    held = make_member("Nell Newcomer")
    moderation.hold_new_account(user=held)
    client.force_login(editor)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[held.pk]),
        {
            "username": held.username,
            "email": held.email,
            "first_name": held.first_name or "Nell",
            "last_name": held.last_name or "Newcomer",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    item = QueueItem.objects.get(kind="moderation.account")
    assert (item.state, item.decided_by) == ("approved", editor)
    assert "Approved in the users admin" in entries(item, "approve").get().message
