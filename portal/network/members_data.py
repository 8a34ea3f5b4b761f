"""A member's profile and follows, for "Download my data" and "Delete my account" (portal.accounts)."""

from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import Q

from portal.accounts.registry import Erasure, MemberExport
from portal.network.models import ContactMessage, Follow, MemberBlock, MemberMute, PractitionerProfile
from portal.network.services import CONTACT_KIND
from portal.notifications.services import delete_notices


def _name_of(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else "A member"


def _keeping_away(user) -> dict:
    """Contact messages sent and received, and the members this one muted or blocked (not who muted them:
    a mute is never told to the muted member)."""
    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user)).select_related(
        "sender__profile", "recipient__profile"
    )
    return {
        "contact_messages_sent": [
            {"to": _name_of(m.recipient), "about": m.get_about_display(), "message": m.message,
             "sent_at": m.created_at.isoformat()}
            for m in messages.order_by("pk") if m.sender_id == user.pk
        ],
        "contact_messages_received": [
            {"from": _name_of(m.sender), "about": m.get_about_display(), "message": m.message,
             "sent_at": m.created_at.isoformat()}
            for m in messages.order_by("pk") if m.recipient_id == user.pk
        ],
        "members_you_muted": [
            {"name": _name_of(mute.muted), "since": mute.created_at.isoformat()}
            for mute in MemberMute.objects.filter(muter=user).select_related("muted__profile").order_by("pk")
        ],
        "members_you_blocked": [
            {"name": _name_of(block.blocked), "since": block.created_at.isoformat()}
            for block in MemberBlock.objects.filter(blocker=user).select_related("blocked__profile").order_by("pk")
        ],
    }  # fmt: skip


def export_network(user) -> MemberExport:
    profile = (
        PractitionerProfile.objects.filter(user=user)
        .select_related("organisation", "region")
        .prefetch_related("service_areas", "principles", "role_entries", "open_to_entries")
        .first()
    )
    if profile is None:
        return MemberExport(data={"profile": None, **_keeping_away(user)})
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
        **_keeping_away(user),
    }
    return MemberExport(data=data, files=files)


def erase_network(erasure: Erasure) -> None:
    user = erasure.user
    # Contact messages both ways go (their text is the two members' private exchange), with the notices that
    # relayed the ones this member sent; mutes and blocks go both ways.
    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user))
    delete_notices(dedupe_keys=[f"{CONTACT_KIND}:{pk}" for pk in messages.values_list("pk", flat=True)])
    messages.delete()
    MemberMute.objects.filter(Q(muter=user) | Q(muted=user)).delete()
    MemberBlock.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    profile = PractitionerProfile.objects.filter(user=user).first()
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
