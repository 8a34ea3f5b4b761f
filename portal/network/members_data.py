"""A member's profile and follows, for "Download my data" and "Delete my account" (portal.accounts)."""

from pathlib import PurePosixPath

from django.db import transaction

from portal.accounts.registry import Erasure, MemberExport
from portal.network.models import Follow, PractitionerProfile


def export_network(user) -> MemberExport:
    profile = (
        PractitionerProfile.objects.filter(user=user)
        .select_related("organisation", "region")
        .prefetch_related("service_areas", "principles", "role_entries", "open_to_entries")
        .first()
    )
    if profile is None:
        return MemberExport(data={"profile": None})
    files = []
    if profile.avatar:
        files.append((f"avatar{PurePosixPath(profile.avatar.name).suffix}", profile.avatar))
    data = {
        "profile": {
            "display_name": profile.display_name,
            "address": profile.get_absolute_url(),
            "headline": profile.headline,
            "roles": [entry.get_role_display() for entry in profile.role_entries.all()],
            "organisation": profile.organisation.name if profile.organisation else None,
            "region": profile.region.name if profile.region else None,
            "service_areas": [area.name for area in profile.service_areas.all()],
            "principles": [principle.title for principle in profile.principles.all()],
            "bio": profile.bio,
            "avatar": files[0][0] if files else None,
            "links": profile.links,
            "open_to": [entry.get_offer_display() for entry in profile.open_to_entries.all()],
            "who_sees_each_field": profile.visibility,
            "created_at": profile.created_at.isoformat(),
            "suspended_at": profile.suspended_at.isoformat() if profile.suspended_at else None,
        },
        "following": [
            {"name": follow.followed.display_name, "since": follow.created_at.isoformat()}
            for follow in Follow.objects.filter(follower=profile).select_related("followed").order_by("pk")
        ],
        "followers": [
            {"name": follow.follower.display_name, "since": follow.created_at.isoformat()}
            for follow in Follow.objects.filter(followed=profile).select_related("follower").order_by("pk")
        ],
    }
    return MemberExport(data=data, files=files)


def erase_network(erasure: Erasure) -> None:
    profile = PractitionerProfile.objects.filter(user=erasure.user).first()
    if profile is None:
        return
    if profile.is_suspended:
        erasure.record["suspended_at"] = profile.suspended_at
        erasure.record["suspension_reason"] = profile.suspension_reason
    if profile.avatar:
        storage, name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: storage.delete(name))
    # Follows, roles and offers go with it; the search outbox removes its document.
    profile.delete()
