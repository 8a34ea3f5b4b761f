"""Members' proposals (a new group, a new organisation) wait in the one review queue and are decided there."""

import pytest

from portal.groups import services as groups
from portal.groups.models import Access, GroupKind, GroupStatus
from portal.moderation import services as moderation
from portal.moderation.models import QueueItem, RemovalReason
from portal.network import services as network
from portal.network.models import Organisation, OrganisationReview
from portal.taxonomy.services import ensure_organisation_kinds
from tests.network.factories import PractitionerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposer(db):
    user = UserFactory()
    PractitionerProfileFactory(user=user, display_name="Petra Proposer")
    return user


def test_a_group_proposal_waits_in_the_queue_and_approving_it_opens_the_group(proposer, moderator, client):
    group = groups.propose_group(
        proposer=proposer, name="Co-production in libraries", kind=GroupKind.TOPIC, access=Access.OPEN, summary="Books."
    )
    item = QueueItem.objects.get(kind="groups.proposal")
    assert item.author == proposer
    assert "Co-production in libraries" in item.title

    moderation.decide(item_id=item.pk, action="approve", moderator=moderator)

    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    client.force_login(moderator)
    page = client.get(f"/admin/review-queue/{item.pk}/")
    assert page.status_code == 200
    assert "Proposed group: Co-production in libraries" in page.text


def test_a_proposed_organisation_waits_in_the_queue_and_can_be_declined(proposer, moderator):
    ensure_organisation_kinds()
    organisation = network.propose_organisation(
        name="Hollowford Tenants' Union", kind="community-group", proposed_by=proposer
    )
    item = QueueItem.objects.get(kind="network.organisation")

    moderation.decide(item_id=item.pk, action="remove", moderator=moderator, removal_reason=RemovalReason.OTHER)

    assert Organisation.all_objects.get(pk=organisation.pk).review_state == OrganisationReview.DECLINED
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
