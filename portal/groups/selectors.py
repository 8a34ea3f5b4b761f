"""Reads of groups, and the one privacy rule every channel asks: who may see what of a group."""

from django.db.models import Q

from portal.groups.models import Access, Group, GroupStatus, Membership, MembershipState, Role


def visible_groups(user):
    """Groups the user may see listed: active open and by-request groups, and invite-only ones they belong to."""
    groups = Group.objects.filter(status=GroupStatus.ACTIVE)
    if user is None or not user.is_authenticated:
        return groups.exclude(access=Access.INVITE)
    return groups.filter(
        ~Q(access=Access.INVITE) | Q(memberships__user=user, memberships__state=MembershipState.ACTIVE)
    ).distinct()


def is_member(group, user):
    """Whether the user is an active member (organisers included) of the group."""
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(group=group, user=user, state=MembershipState.ACTIVE).exists()


def is_organiser(group, user):
    """Whether the user organises the group."""
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(group=group, user=user, state=MembershipState.ACTIVE, role=Role.ORGANISER).exists()


def can_see_inside(group, user):
    """Whether the user may see the group's members, events and discussions (the privacy rule)."""
    return group.is_public or is_member(group, user)


def private_group_ids_hidden_from(user):
    """Ids of groups whose insides the user may not see: filter other apps' querysets with these."""
    hidden = Group.objects.exclude(access=Access.OPEN, status=GroupStatus.ACTIVE)
    if user is not None and user.is_authenticated:
        hidden = hidden.exclude(memberships__user=user, memberships__state=MembershipState.ACTIVE)
    return hidden.values_list("id", flat=True)
