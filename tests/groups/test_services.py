"""Groups' services: joining, asking, inviting, approving, roles, proposals and notices."""

import pytest

from portal.groups import selectors, services
from portal.groups.models import Access, GroupStatus, MembershipState, Role
from portal.notifications.models import Notification
from tests.groups.conftest import person
from tests.groups.factories import GroupFactory, MembershipFactory


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_joining_an_open_group_makes_a_member_at_once_and_twice_changes_nothing(open_group, outsider):
    first = services.join_group(group=open_group, user=outsider)
    second = services.join_group(group=open_group, user=outsider)
    assert first.pk == second.pk
    assert first.state == MembershipState.ACTIVE
    assert selectors.is_member(open_group, outsider)


def test_asking_to_join_tells_the_organisers_and_approval_tells_the_member(by_request, organiser, outsider):
    group, _ = by_request
    membership = services.request_to_join(group=group, user=outsider)
    assert membership.state == MembershipState.REQUESTED
    assert not selectors.can_see_inside(group, outsider)
    assert kinds_of(organiser) == [services.REQUEST_KIND]

    services.approve_request(group=group, membership_id=membership.pk, organiser=organiser)
    assert selectors.can_see_inside(group, outsider)
    assert kinds_of(outsider) == [services.APPROVED_KIND]


def test_a_by_request_group_cannot_be_joined_directly(by_request, outsider):
    group, _ = by_request
    with pytest.raises(services.GroupActionRefused):
        services.join_group(group=group, user=outsider)


def test_an_invite_only_group_refuses_requests(invite_only, outsider):
    group, _ = invite_only
    with pytest.raises(services.GroupActionRefused):
        services.request_to_join(group=group, user=outsider)


def test_only_organisers_approve_and_decline(by_request, member, outsider):
    group, _ = by_request
    membership = services.request_to_join(group=group, user=outsider)
    with pytest.raises(services.GroupActionRefused):
        services.approve_request(group=group, membership_id=membership.pk, organiser=member)
    assert not selectors.is_member(group, outsider)


def test_an_invitation_is_accepted_by_joining_and_tells_the_invitee(invite_only, organiser, outsider):
    group, _ = invite_only
    services.invite_member(group=group, user=outsider, inviter=organiser)
    assert kinds_of(outsider) == [services.INVITED_KIND]
    assert group in selectors.visible_groups(outsider)  # they can open it to answer
    assert not selectors.can_see_inside(group, outsider)
    services.join_group(group=group, user=outsider)
    assert selectors.can_see_inside(group, outsider)


def test_a_plain_member_cannot_invite_to_a_private_group(invite_only, member, outsider):
    group, _ = invite_only
    with pytest.raises(services.GroupActionRefused):
        services.invite_member(group=group, user=outsider, inviter=member)


def test_a_member_invites_a_friend_to_an_open_group(open_group, member, outsider):
    services.invite_member(group=open_group, user=outsider, inviter=member)
    assert kinds_of(outsider) == [services.INVITED_KIND]


def test_declining_a_request_or_an_invitation_leaves_no_membership(by_request, organiser, outsider):
    group, _ = by_request
    membership = services.request_to_join(group=group, user=outsider)
    services.decline_request(group=group, membership_id=membership.pk, organiser=organiser)
    assert selectors.membership_of(group, outsider) is None
    services.invite_member(group=group, user=outsider, inviter=organiser)
    services.decline_invitation(group=group, user=outsider)
    assert selectors.membership_of(group, outsider) is None


def test_the_last_organiser_cannot_leave_or_step_down_while_members_remain(open_group, organiser):
    with pytest.raises(services.GroupActionRefused):
        services.leave_group(group=open_group, user=organiser)
    own = open_group.memberships.get(user=organiser)
    with pytest.raises(services.GroupActionRefused):
        services.set_role(group=open_group, membership_id=own.pk, role=Role.MEMBER, organiser=organiser)


def test_making_an_organiser_then_removing_a_member(open_group, organiser, member):
    membership = open_group.memberships.get(user=member)
    services.set_role(group=open_group, membership_id=membership.pk, role=Role.ORGANISER, organiser=organiser)
    assert selectors.is_organiser(open_group, member)
    services.remove_member(group=open_group, membership_id=membership.pk, organiser=organiser)
    assert not selectors.is_member(open_group, member)


def test_a_notice_reaches_every_member_but_not_outsiders_and_respects_settings(open_group, organiser, member):
    from portal.notifications.services import set_delivery

    quiet = person("Quinn Quiet")
    MembershipFactory(group=open_group, user=quiet)
    set_delivery(user=quiet, kind=services.NOTICE_KIND, delivery="off")
    outsider = person("Otto Outsider")
    pending = person("Pat Pending")
    MembershipFactory(group=open_group, user=pending, state=MembershipState.REQUESTED)

    count = services.send_notice(group=open_group, organiser=organiser, subject="Next meeting", message="Tuesday.")

    assert count == 1
    notice = Notification.objects.get(kind=services.NOTICE_KIND)
    assert notice.recipient == member
    assert notice.title == "North West co-producers: Next meeting"
    assert kinds_of(outsider) == kinds_of(pending) == kinds_of(quiet) == []


def test_only_organisers_send_notices(open_group, member):
    with pytest.raises(services.GroupActionRefused):
        services.send_notice(group=open_group, organiser=member, subject="Hi", message="All")


def test_a_proposal_waits_for_an_editor_then_opens_and_tells_the_proposer(db):
    proposer = person("Pia Proposer")
    group = services.propose_group(
        proposer=proposer, name="Co-production in housing", kind="topic", access=Access.OPEN, summary="Tenants."
    )
    assert group.status == GroupStatus.PROPOSED
    assert group not in selectors.visible_groups(proposer)
    assert selectors.is_organiser(group, proposer)
    assert group.forum is not None
    services.approve_proposal(group=group)
    assert group in selectors.visible_groups(None)
    assert kinds_of(proposer) == [services.APPROVED_KIND]


def test_a_proposal_under_a_taken_name_is_refused(open_group, outsider):
    with pytest.raises(services.GroupActionRefused):
        services.propose_group(
            proposer=outsider, name="north west co-producers", kind="regional", access="open", summary="Again"
        )


def test_listing_filters_by_kind_region_and_service_area(db):
    from tests.practices.factories import RegionFactory, ServiceAreaFactory

    london = RegionFactory(name="London", slug="london")
    health = ServiceAreaFactory(name="Health", slug="health")
    GroupFactory(name="London circle", kind="regional", region=london)
    GroupFactory(name="Mental health", kind="topic", service_area=health)
    names = lambda **f: [g.name for g in selectors.groups_for(selectors.GroupFilters(**f), None)]  # noqa: E731
    assert names(region="london") == ["London circle"]
    assert names(service_area="health") == ["Mental health"]
    assert names(kind="topic") == ["Mental health"]
