"""A member's groups, for "Download my data" and "Delete my account" (portal.accounts)."""

from django.db import transaction

from portal.accounts.registry import Erasure, MemberExport
from portal.groups.models import Group, Membership


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
    Membership.objects.filter(user=erasure.user).delete()
    Group.objects.filter(proposed_by=erasure.user).update(proposed_by=None)
