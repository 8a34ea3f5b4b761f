"""A member's groups, for "Download my data" and "Delete my account" (portal.accounts)."""

from django.db import transaction

from portal.accounts.registry import Erasure, MemberExport
from portal.groups.models import Group, Membership, MembershipState, Role
from portal.groups.services import withdraw_proposals_of


def export_groups(user) -> MemberExport:
    memberships = Membership.objects.filter(user=user).select_related("group").order_by("created_at")
    return MemberExport(
        data={
            "memberships": [
                {
                    "group": m.group.name,
                    "address": m.group.get_absolute_url(),
                    "role": m.get_role_display(),
                    "state": m.get_state_display(),
                    "since": m.created_at.isoformat(),
                }
                for m in memberships
            ],
            "proposed_groups": list(Group.objects.filter(proposed_by=user).values_list("name", flat=True)),
        }
    )


@transaction.atomic
def erase_groups(erasure: Erasure) -> None:
    # Memberships go with the account (they cascade too; explicit here so the order is clear); the groups stay.
    # A group whose last organiser leaves this way gets its longest-standing member as organiser.
    led = Membership.objects.filter(user=erasure.user, role=Role.ORGANISER, state=MembershipState.ACTIVE)
    for group_id in led.values_list("group_id", flat=True):
        others = Membership.objects.filter(group_id=group_id, state=MembershipState.ACTIVE).exclude(user=erasure.user)
        if not others.filter(role=Role.ORGANISER).exists():
            successor = others.order_by("created_at", "pk").first()
            if successor is not None:
                Membership.objects.filter(pk=successor.pk).update(role=Role.ORGANISER)
    Membership.objects.filter(user=erasure.user).delete()
    Membership.objects.filter(invited_by=erasure.user).update(invited_by=None)
    # A proposal nobody decided yet would wait in the review queue for a group with no organiser: taken back.
    withdraw_proposals_of(user=erasure.user)
    Group.objects.filter(proposed_by=erasure.user).update(proposed_by=None)
