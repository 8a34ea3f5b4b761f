"""What changes groups: creating and proposing them, joining, asking, inviting, approving, removing,
organisers, and notices to members (through the notification service, so members' settings apply)."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import Truncator, slugify
from wagtail.log_actions import log

from portal.discussions import services as discussions
from portal.groups import selectors
from portal.groups.models import Access, Group, GroupKind, GroupStatus, Membership, MembershipState, Role
from portal.moderation import services as moderation
from portal.notifications import services as notifications

REQUEST_KIND = "groups.request"
APPROVED_KIND = "groups.approved"
INVITED_KIND = "groups.invited"
NOTICE_KIND = "groups.notice"
PROPOSAL_DECLINED_KIND = "groups.proposal-declined"
# What the review queue's record says of a proposal decided in the Groups admin (from the queue the item is
# already closed and nothing more is written).
DECIDED_IN_ADMIN = "Decided in the groups admin"
PROPOSER_GONE = "Withdrawn: the proposer deleted their account"


class GroupActionRefused(Exception):
    """Raised when a member may not do this to a group; the message says why, for them."""


def slug_for(name: str) -> str:
    """A free slug for a group of this name."""
    return _unique_slug(name)


def _unique_slug(name: str, slug: str = "") -> str:
    base = slugify(slug or name)[:110] or "group"
    candidate, n = base, 2
    while Group.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def ensure_forum(*, group: Group) -> Group:
    """Give the group its own forum (as private as the group) if it has none."""
    if group.forum_id is None:
        forum = discussions.ensure_forum(
            slug=f"group-{group.slug}",
            name=group.name,
            description=f"Discussions of the {group.name} group.",
            order=100,
        )
        group.forum = forum
        group.save(update_fields=["forum"])
    return group


@transaction.atomic
def create_group(
    *,
    name: str,
    slug: str = "",
    kind: str = GroupKind.TOPIC,
    access: str = Access.OPEN,
    summary: str = "",
    description: str = "",
    region=None,
    service_area=None,
    organisers=(),
    status: str = GroupStatus.ACTIVE,
    proposed_by=None,
) -> Group:
    """Create a group with its forum; the organisers given become its first members."""
    group = Group.objects.create(
        name=name,
        slug=_unique_slug(name, slug),
        kind=kind,
        access=access,
        summary=summary,
        description=description,
        region=region,
        service_area=service_area,
        status=status,
        proposed_by=proposed_by,
    )
    ensure_forum(group=group)
    for user in organisers:
        Membership.objects.create(group=group, user=user, role=Role.ORGANISER, state=MembershipState.ACTIVE)
    return group


@transaction.atomic
def propose_group(
    *, proposer, name: str, kind: str, access: str, summary: str, description: str = "", region=None, service_area=None
) -> Group:
    """A member proposes a group; it waits for an editor, and the proposer will organise it."""
    if Group.objects.filter(name__iexact=name.strip()).exists():
        raise GroupActionRefused("There is already a group with that name.")
    group = create_group(
        name=name.strip(),
        kind=kind,
        access=access,
        summary=summary,
        description=description,
        region=region,
        service_area=service_area,
        organisers=[proposer],
        status=GroupStatus.PROPOSED,
        proposed_by=proposer,
    )
    from portal.groups.moderation import queue_proposal

    queue_proposal(group)
    return group


@transaction.atomic
def approve_proposal(*, group: Group, editor=None) -> Group:
    """An editor accepts a member's proposal: the group goes live and its proposer is told."""
    group.status = GroupStatus.ACTIVE
    group.save(update_fields=["status"])
    if group.proposed_by_id:
        notifications.notify(
            kind=APPROVED_KIND,
            recipients=[group.proposed_by],
            target_url=group.get_absolute_url(),
            context={"group": group.name, "what": "Your proposed group is now open"},
            actor=editor,
            dedupe_key=f"groups.proposal-approved:{group.pk}",
        )
    moderation.settle(obj=group, action="approve", moderator=editor, where=DECIDED_IN_ADMIN)
    return group


@transaction.atomic
def decline_proposal(*, group: Group, editor=None, reason: str = "", note: str = "") -> Group:
    """An editor turns a member's proposal down; its proposer is told, with the reason when one was given."""
    group.status = GroupStatus.DECLINED
    group.save(update_fields=["status"])
    if group.proposed_by_id:
        notifications.notify(
            kind=PROPOSAL_DECLINED_KIND,
            recipients=[group.proposed_by],
            target_url=reverse("groups:propose"),
            context={
                "name": group.name,
                "what": "group",
                "outcome": "open it",
                "next_step": "You are welcome to propose another group",
                "reason": reason,
                "note": note.strip()[:2000],
            },
            dedupe_key=f"{PROPOSAL_DECLINED_KIND}:{group.pk}",
        )
    moderation.settle(obj=group, action="remove", moderator=editor, where=DECIDED_IN_ADMIN)
    return group


@transaction.atomic
def withdraw_proposals_of(*, user) -> int:
    """A member deleting their account takes back the groups they proposed that never opened: each leaves the
    review queue as withdrawn and is deleted with its empty forum. Returns how many."""
    proposals = list(Group.objects.filter(proposed_by=user, status=GroupStatus.PROPOSED))
    for group in proposals:
        moderation.settle(obj=group, action="withdraw", where=PROPOSER_GONE)
        forum_id = group.forum_id
        group.delete()
        if forum_id is not None:
            discussions.delete_forum_if_empty(forum_id=forum_id)
    return len(proposals)


def _active(group, user) -> Membership | None:
    return Membership.objects.filter(group=group, user=user, state=MembershipState.ACTIVE).first()


def _require_organiser(group, user) -> None:
    if not selectors.is_organiser(group, user):
        raise GroupActionRefused("Only the group's organisers can do that.")


def _require_active(group) -> None:
    if group.status != GroupStatus.ACTIVE:
        raise GroupActionRefused("This group is not open.")


@transaction.atomic
def join_group(*, group: Group, user) -> Membership:
    """Join an open group at once, or accept an invitation to any group (idempotent for members)."""
    _require_active(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.state == MembershipState.ACTIVE:
        return membership
    if membership is not None and membership.state == MembershipState.INVITED:
        membership.state = MembershipState.ACTIVE
        membership.save(update_fields=["state"])
        return membership
    if group.access != Access.OPEN:
        raise GroupActionRefused("This group takes new members by request or invitation.")
    try:
        with transaction.atomic():
            return Membership.objects.create(group=group, user=user, state=MembershipState.ACTIVE)
    except IntegrityError:  # joined in another tab at the same moment
        return Membership.objects.get(group=group, user=user)


@transaction.atomic
def add_organiser(*, group: Group, user) -> Membership:
    """An editor makes a member an organiser of a group (a member first if they were not)."""
    membership, _ = Membership.objects.update_or_create(
        group=group, user=user, defaults={"state": MembershipState.ACTIVE, "role": Role.ORGANISER}
    )
    return membership


@transaction.atomic
def request_to_join(*, group: Group, user) -> Membership:
    """Ask to join a by-request group; its organisers are told (asking twice changes nothing)."""
    _require_active(group)
    if group.access == Access.OPEN:
        return join_group(group=group, user=user)
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing is not None and existing.state in (MembershipState.ACTIVE, MembershipState.REQUESTED):
        return existing
    if existing is not None and existing.state == MembershipState.INVITED:
        return join_group(group=group, user=user)
    if group.access == Access.INVITE:
        raise GroupActionRefused("This group takes new members by invitation only.")
    membership = Membership.objects.create(group=group, user=user, state=MembershipState.REQUESTED)
    notifications.notify(
        kind=REQUEST_KIND,
        recipients=_users(selectors.organiser_ids(group)),
        target_url=f"{group.get_absolute_url()}members/",
        context={"group": group.name},
        actor=user,
        dedupe_key=f"groups.request:{membership.pk}",
    )
    return membership


def _users(user_ids):
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(pk__in=list(user_ids), is_active=True))


def _pending(group, membership_id: int, state: str) -> Membership:
    membership = Membership.objects.select_for_update().filter(group=group, pk=membership_id, state=state).first()
    if membership is None:
        raise GroupActionRefused("That request or invitation is no longer waiting.")
    return membership


@transaction.atomic
def approve_request(*, group: Group, membership_id: int, organiser) -> Membership:
    """An organiser lets someone who asked into the group; they are told."""
    _require_organiser(group, organiser)
    membership = _pending(group, membership_id, MembershipState.REQUESTED)
    membership.state = MembershipState.ACTIVE
    membership.save(update_fields=["state"])
    notifications.notify(
        kind=APPROVED_KIND,
        recipients=[membership.user],
        target_url=group.get_absolute_url(),
        context={"group": group.name, "what": "You are now a member"},
        actor=organiser,
        dedupe_key=f"groups.approved:{membership.pk}",
    )
    return membership


@transaction.atomic
def decline_request(*, group: Group, membership_id: int, organiser) -> None:
    """An organiser turns a request down (the member is not told, and may ask again later)."""
    _require_organiser(group, organiser)
    _pending(group, membership_id, MembershipState.REQUESTED).delete()


@transaction.atomic
def invite_member(*, group: Group, user, inviter) -> Membership:
    """A member invites someone (organisers only, for groups that are not open); they are told."""
    _require_active(group)
    if not selectors.is_member(group, inviter):
        raise GroupActionRefused("Only members can invite people to the group.")
    if group.access != Access.OPEN and not selectors.is_organiser(group, inviter):
        raise GroupActionRefused("Only the group's organisers can invite people to it.")
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.state in (MembershipState.ACTIVE, MembershipState.INVITED):
        return membership
    if membership is not None:  # they had asked: an invitation from a member answers that
        membership.state = MembershipState.INVITED
        membership.invited_by = inviter
        membership.save(update_fields=["state", "invited_by"])
    else:
        membership = Membership.objects.create(
            group=group, user=user, state=MembershipState.INVITED, invited_by=inviter
        )
    notifications.notify(
        kind=INVITED_KIND,
        recipients=[user],
        target_url=group.get_absolute_url(),
        context={"group": group.name},
        actor=inviter,
        dedupe_key=f"groups.invited:{membership.pk}",
    )
    return membership


@transaction.atomic
def decline_invitation(*, group: Group, user) -> None:
    """The invited member says no."""
    Membership.objects.filter(group=group, user=user, state=MembershipState.INVITED).delete()


@transaction.atomic
def leave_group(*, group: Group, user) -> None:
    """Leave a group, or withdraw a request; the last organiser cannot leave while others remain."""
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        return
    if membership.state == MembershipState.ACTIVE and membership.role == Role.ORGANISER:
        others = group.memberships.filter(state=MembershipState.ACTIVE).exclude(pk=membership.pk)
        if others.exists() and not others.filter(role=Role.ORGANISER).exists():
            raise GroupActionRefused("Make another member an organiser before you leave.")
    membership.delete()
    notifications.visibility_changed(user_ids=[user.pk])  # the group's notices may be hidden from them now


@transaction.atomic
def remove_member(*, group: Group, membership_id: int, organiser) -> None:
    """An organiser removes a member or takes back an invitation (not themselves: they leave instead)."""
    _require_organiser(group, organiser)
    membership = Membership.objects.filter(group=group, pk=membership_id).first()
    if membership is None:
        return
    if membership.user_id == organiser.pk:
        raise GroupActionRefused("To stop being a member yourself, leave the group.")
    membership.delete()
    notifications.visibility_changed(user_ids=[membership.user_id])


@transaction.atomic
def set_role(*, group: Group, membership_id: int, role: str, organiser) -> Membership:
    """An organiser makes a member an organiser, or an organiser a member again (never the last one)."""
    _require_organiser(group, organiser)
    if role not in Role.values:
        raise GroupActionRefused("Choose member or organiser.")
    membership = Membership.objects.filter(group=group, pk=membership_id, state=MembershipState.ACTIVE).first()
    if membership is None:
        raise GroupActionRefused("That person is not a member of the group.")
    if role == Role.MEMBER and membership.role == Role.ORGANISER and len(selectors.organiser_ids(group)) <= 1:
        raise GroupActionRefused("A group needs at least one organiser.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def send_notice(*, group: Group, organiser, subject: str, message: str) -> int:
    """An organiser tells every member something; each member's setting for group notices applies."""
    _require_organiser(group, organiser)
    recipients = _users(selectors.active_member_ids(group))
    sent = notifications.notify(
        kind=NOTICE_KIND,
        recipients=recipients,
        target_url=group.get_absolute_url(),
        context={"group": group.name, "subject": subject, "message": Truncator(message).chars(2000)},
        actor=organiser,
    )
    return len(sent)


# Editors manage any group's members in the Wagtail admin: recorded in the group's history. -----------------


def _name_of(user) -> str:
    from portal.notifications.site import display_name

    return display_name(user)


def _last_organiser(group: Group, membership: Membership) -> bool:
    if membership.role != Role.ORGANISER or membership.state != MembershipState.ACTIVE:
        return False
    others = group.memberships.filter(state=MembershipState.ACTIVE).exclude(pk=membership.pk)
    return others.exists() and not others.filter(role=Role.ORGANISER).exists()


@transaction.atomic
def editor_add_member(*, group: Group, user, editor, role: str = Role.MEMBER) -> Membership:
    """An editor adds someone to a group, as a member or an organiser (a request or an invitation of theirs
    becomes a membership); recorded in the group's history."""
    if role not in Role.values:
        raise GroupActionRefused("Choose member or organiser.")
    if not user.is_active:
        raise GroupActionRefused("That account is not active.")
    membership, _ = Membership.objects.update_or_create(
        group=group, user=user, defaults={"state": MembershipState.ACTIVE, "role": role}
    )
    log(group, "groups.member_add", user=editor, data={"member": _name_of(user), "role": role})
    return membership


@transaction.atomic
def editor_remove_member(*, group: Group, membership_id: int, editor) -> None:
    """An editor removes a member (or a request, or an invitation); never the last organiser of a group with
    other members."""
    membership = Membership.objects.select_for_update().filter(group=group, pk=membership_id).first()
    if membership is None:
        raise GroupActionRefused("That person is not in the group (any more).")
    if _last_organiser(group, membership):
        raise GroupActionRefused("Make another member an organiser first: a group with members needs one.")
    name = _name_of(membership.user)
    membership.delete()
    log(group, "groups.member_remove", user=editor, data={"member": name})


@transaction.atomic
def editor_set_role(*, group: Group, membership_id: int, role: str, editor) -> Membership:
    """An editor makes a member an organiser, or an organiser a member again (never the last one)."""
    if role not in Role.values:
        raise GroupActionRefused("Choose member or organiser.")
    membership = (
        Membership.objects.select_for_update()
        .filter(group=group, pk=membership_id, state=MembershipState.ACTIVE)
        .first()
    )
    if membership is None:
        raise GroupActionRefused("That person is not a member of the group.")
    if role == Role.MEMBER and _last_organiser(group, membership):
        raise GroupActionRefused("Make another member an organiser first: a group with members needs one.")
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        log(group, "groups.member_role", user=editor, data={"member": _name_of(membership.user), "role": role})
    return membership
