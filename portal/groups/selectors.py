"""Reads of groups, and the one privacy rule every channel asks: who may see what of a group."""

import re
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When

from portal.groups import sections
from portal.groups.models import Access, Group, GroupKind, GroupStatus, Membership, MembershipState, Role
from portal.network import selectors as network
from portal.network import work

MEMBERS_SHOWN = 60
CASE_STUDIES_SHOWN = 6


def _signed_in(user) -> bool:
    """A member with an account (a profile preview's stand-in "another member" has none, so belongs to nothing)."""
    return user is not None and user.is_authenticated and getattr(user, "pk", None) is not None


def visible_groups(user):
    """Groups the user may see listed: active open and by-request groups, and invite-only ones they belong to."""
    groups = Group.objects.filter(status=GroupStatus.ACTIVE)
    if not _signed_in(user):
        return groups.exclude(access=Access.INVITE)
    return groups.filter(
        ~Q(access=Access.INVITE)
        | Q(
            pk__in=Membership.objects.filter(
                user=user, state__in=[MembershipState.ACTIVE, MembershipState.INVITED]
            ).values("group")
        )
    )


def is_member(group, user):
    """Whether the user is an active member (organisers included) of the group."""
    if not _signed_in(user):
        return False
    return Membership.objects.filter(group=group, user=user, state=MembershipState.ACTIVE).exists()


def is_organiser(group, user):
    """Whether the user organises the group."""
    if not _signed_in(user):
        return False
    return Membership.objects.filter(group=group, user=user, state=MembershipState.ACTIVE, role=Role.ORGANISER).exists()


def can_see_inside(group, user):
    """Whether the user may see the group's members, events and discussions (the privacy rule)."""
    return group.is_public or is_member(group, user)


def private_group_ids_hidden_from(user):
    """Ids of groups whose insides the user may not see: filter other apps' querysets with these."""
    hidden = Group.objects.exclude(access=Access.OPEN, status=GroupStatus.ACTIVE)
    if _signed_in(user):
        hidden = hidden.exclude(
            pk__in=Membership.objects.filter(user=user, state=MembershipState.ACTIVE).values("group")
        )
    return hidden.values_list("id", flat=True)


# --- the rule as other apps read it (registered in apps.py) ------------------------------------------


def forum_ids_hidden_from(user):
    """Forums of the groups whose insides the user may not see."""
    return Group.objects.filter(pk__in=private_group_ids_hidden_from(user), forum__isnull=False).values_list(
        "forum_id", flat=True
    )


def forum_reader_ids(forum_id: int) -> set[int] | None:
    """Who may read a group forum's topics: None when anyone may (an open group's, or no group's)."""
    group = Group.objects.filter(forum_id=forum_id).first()
    if group is None or group.is_public:
        return None
    return set(active_member_ids(group))


def may_start_topics_in(forum_id: int, user) -> bool:
    """Whether the user may start topics in a forum: a group's forum takes topics from its members only."""
    group = Group.objects.filter(forum_id=forum_id).first()
    return group is None or is_member(group, user)


def active_member_ids(group) -> list[int]:
    """User ids of the group's active members, organisers included."""
    return list(group.memberships.filter(state=MembershipState.ACTIVE).values_list("user_id", flat=True))


def organiser_ids(group) -> list[int]:
    """User ids of the group's organisers."""
    return list(
        group.memberships.filter(state=MembershipState.ACTIVE, role=Role.ORGANISER).values_list("user_id", flat=True)
    )


# --- the listing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFilters:
    region: str = ""
    service_area: str = ""
    kind: str = ""
    query: str = ""


def groups_for(filters: GroupFilters, viewer):
    """The groups the viewer may see, filtered, each with its member count."""
    groups = visible_groups(viewer).select_related("region", "service_area")
    if filters.region:
        groups = groups.filter(region__slug=filters.region)
    if filters.service_area:
        groups = groups.filter(service_area__slug=filters.service_area)
    if filters.kind in GroupKind.values:
        groups = groups.filter(kind=filters.kind)
    if filters.query:
        groups = groups.filter(Q(name__icontains=filters.query) | Q(summary__icontains=filters.query))
    active = Q(memberships__state=MembershipState.ACTIVE)
    return groups.annotate(member_count=Count("memberships", filter=active)).order_by("kind", "name")


def group_for(slug: str, viewer) -> Group | None:
    """The group at this slug if the viewer may see it listed (an invitee sees the group they are invited to)."""
    return visible_groups(viewer).select_related("region", "service_area", "forum").filter(slug=slug).first()


def membership_of(group, user) -> Membership | None:
    """The user's membership of the group in any state (asked, invited, active), or None."""
    if not _signed_in(user):
        return None
    return Membership.objects.filter(group=group, user=user).first()


def _profiles_of(user_ids, viewer):
    profiles = network.with_details(network.active_profiles().filter(user_id__in=list(user_ids)))
    return {profile.user_id: network.public_profile(profile, viewer) for profile in profiles}


def members_of(group, viewer, limit: int = MEMBERS_SHOWN) -> dict:
    """The group's organisers and members as the viewer may see each profile, organisers first."""
    memberships = list(group.memberships.filter(state=MembershipState.ACTIVE).order_by("-role", "created_at")[:limit])
    profiles = _profiles_of([m.user_id for m in memberships], viewer)
    organisers, members = [], []
    for membership in memberships:
        profile = profiles.get(membership.user_id)
        if profile is None:
            continue
        (organisers if membership.role == Role.ORGANISER else members).append(profile)
    total = group.memberships.filter(state=MembershipState.ACTIVE).count()
    return {"organisers": organisers, "members": members, "member_count": total}


def pending_of(group, viewer) -> dict:
    """For organisers: who asked to join and who was invited, with their profiles."""
    pending = list(group.memberships.exclude(state=MembershipState.ACTIVE).order_by("created_at"))
    profiles = _profiles_of([m.user_id for m in pending], viewer)
    rows = [(m, profiles.get(m.user_id)) for m in pending]
    return {
        "requests": [(m, p) for m, p in rows if m.state == MembershipState.REQUESTED and p],
        "invitations": [(m, p) for m, p in rows if m.state == MembershipState.INVITED and p],
    }


def roster_of(group, viewer) -> list[tuple[Membership, object]]:
    """For organisers: every active membership with the member's profile, organisers first."""
    memberships = list(group.memberships.filter(state=MembershipState.ACTIVE).order_by("-role", "created_at"))
    profiles = _profiles_of([m.user_id for m in memberships], viewer)
    return [(m, profiles[m.user_id]) for m in memberships if m.user_id in profiles]


def case_studies_of_members(group, limit: int = CASE_STUDIES_SHOWN):
    """Published case studies the group's members contributed to, newest first."""
    profile_ids = list(
        network.active_profiles().filter(user_id__in=active_member_ids(group)).values_list("pk", flat=True)
    )
    if not profile_ids:
        return []
    return list(work.case_studies_by_contributors(profile_ids)[:limit])


def forum_topics_of(group, limit: int = 10):
    """The latest topics in the group's forum."""
    if group.forum_id is None:
        return []
    return list(
        group.forum.topics.select_related("author__profile").order_by("-is_pinned", "-last_activity_at")[:limit]
    )


def group_page(group, viewer) -> dict:
    """Everything the group page shows this viewer: the insides only to those who may see them."""
    inside = can_see_inside(group, viewer)
    membership = membership_of(group, viewer)
    context = {
        "group": group,
        "can_see_inside": inside,
        "membership": membership,
        "is_member": membership is not None and membership.state == MembershipState.ACTIVE,
        "is_organiser": membership is not None
        and membership.state == MembershipState.ACTIVE
        and membership.role == Role.ORGANISER,
        "organisers": [p for p in _profiles_of(organiser_ids(group), viewer).values()],
        "sections": sections.rendered_for(group, viewer) if inside else [],
    }
    if inside:
        context.update(members_of(group, viewer))
        context["topics"] = forum_topics_of(group)
        context["case_studies"] = case_studies_of_members(group)
    return context


def groups_of_user(user, viewer):
    """The groups a member belongs to that the viewer may see them in (open groups, or groups both share)."""
    hidden = private_group_ids_hidden_from(viewer)
    return (
        Group.objects.filter(
            status=GroupStatus.ACTIVE, memberships__user=user, memberships__state=MembershipState.ACTIVE
        )
        .exclude(pk__in=hidden)
        .order_by("name")
    )


def invitations_for(user):
    """Groups the member is invited to and has not answered."""
    if not _signed_in(user):
        return Group.objects.none()
    return Group.objects.filter(memberships__user=user, memberships__state=MembershipState.INVITED).order_by("name")


def proposals_waiting():
    """Members' proposals for new groups, oldest first (for editors)."""
    return Group.objects.filter(status=GroupStatus.PROPOSED).order_by("created_at")


def filter_options() -> dict:
    """Choices for the listing's filters."""
    from portal.taxonomy.selectors import all_regions, all_service_areas

    return {"regions": all_regions(), "service_areas": all_service_areas(), "kinds": GroupKind.choices}


# --- what network shows of groups (registered in apps.py through network.affiliations) -----------------


def _groups_seen_inside_by(viewer):
    return Group.objects.filter(status=GroupStatus.ACTIVE).exclude(pk__in=private_group_ids_hidden_from(viewer))


def affiliations_of(user, viewer) -> list[dict]:
    """The groups the viewer may see `user` in, as names and links, for their profile."""
    return [{"name": g.name, "url": g.get_absolute_url()} for g in groups_of_user(user, viewer)]


def group_choices_for(viewer) -> list[tuple[str, str]]:
    """(slug, name) of the groups whose members the viewer may see: the directory's group filter."""
    return list(_groups_seen_inside_by(viewer).order_by("name").values_list("slug", "name"))


def member_ids_of_groups(slugs, viewer) -> list[int]:
    """User ids of the active members of these groups, those the viewer may not see inside left out."""
    groups = _groups_seen_inside_by(viewer).filter(slug__in=list(slugs))
    return list(
        Membership.objects.filter(group__in=groups, state=MembershipState.ACTIVE)
        .values_list("user_id", flat=True)
        .distinct()
    )


def graph_groups_for(viewer) -> list[tuple[dict, list[int]]]:
    """A node per group the viewer may see inside, with its members' user ids (two queries)."""
    groups = list(_groups_seen_inside_by(viewer).order_by("pk"))
    members: dict[int, list[int]] = {g.pk: [] for g in groups}
    rows = Membership.objects.filter(group__in=[g.pk for g in groups], state=MembershipState.ACTIVE)
    for group_id, user_id in rows.values_list("group_id", "user_id"):
        members[group_id].append(user_id)
    return [
        ({"id": f"g{g.pk}", "label": g.name, "url": g.get_absolute_url(), "kind": g.get_kind_display()}, members[g.pk])
        for g in groups
    ]


ADMIN_CANDIDATES = 20


def admin_roster(group):
    """Everyone in a group for the editors' admin, whatever their profile shows: members, those who asked
    and those invited, organisers first, with their accounts and profiles."""
    state_order = Case(
        When(state=MembershipState.ACTIVE, then=Value(0)),
        When(state=MembershipState.REQUESTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        group.memberships.select_related("user__profile")
        .annotate(state_order=state_order)
        .order_by("state_order", "-role", "user__profile__display_name", "pk")
    )


def admin_candidates(group, text: str) -> list:
    """Active members not yet in the group whose name or email address matches `text`, for an editor to add."""
    text = " ".join(text.split())
    if len(text) < 2:
        return []
    in_group = group.memberships.values("user_id")
    matches = (
        network.active_profiles()
        .filter(Q(display_name__icontains=text) | Q(user__email__iexact=text))
        .exclude(user_id__in=in_group)
    )
    return list(matches.select_related("user").order_by("display_name", "pk")[:ADMIN_CANDIDATES])


GROUP_PATH = re.compile(r"^/groups/(?P<slug>[^/]+)/")


def hidden_notices(notifications) -> set[int]:
    """Ids of group notices a member can no longer see: the group is gone or declined, or (for organisers'
    notices to members) it is a group they left whose insides they may no longer see. One query for the
    groups, one per member with notices of a private group."""
    from portal.groups.services import NOTICE_KIND

    notifications = list(notifications)
    slugs = {match["slug"] for n in notifications if (match := GROUP_PATH.match(n.target_url))}
    groups = {
        slug: (pk, status)
        for slug, pk, status in Group.objects.filter(slug__in=slugs).values_list("slug", "pk", "status")
    }
    hidden_from: dict[int, set[int]] = {}
    hidden = set()
    for notification in notifications:
        match = GROUP_PATH.match(notification.target_url)
        pk, status = groups.get(match["slug"], (None, None)) if match else (None, None)
        if pk is None or status == GroupStatus.DECLINED:
            hidden.add(notification.pk)
        elif notification.kind == NOTICE_KIND:
            member = notification.recipient_id
            if member not in hidden_from:
                hidden_from[member] = set(private_group_ids_hidden_from(notification.recipient))
            if pk in hidden_from[member]:
                hidden.add(notification.pk)
    return hidden
