"""Reads of practitioners, organisations and their links, always filtered by what the viewer may see."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from portal.network import affiliations, work
from portal.network.models import (
    PRIVATE_FIELDS,
    ContactMessage,
    Follow,
    MemberBlock,
    MemberMute,
    OpenTo,
    Organisation,
    PractitionerProfile,
    PractitionerRole,
    Visibility,
)
from portal.taxonomy.models import Region, ServiceArea
from portal.taxonomy.selectors import all_regions, all_service_areas

PRACTITIONERS_PER_PAGE = 20
SUGGESTIONS = 6
ACTIVITY_ITEMS = 10


# --- who sees what -------------------------------------------------------------------------------


def audience_of(viewer) -> tuple[str, ...]:
    """The visibility levels a viewer may see on other people's profiles."""
    if viewer is not None and viewer.is_authenticated and viewer.is_active:
        return (Visibility.EVERYONE.value, Visibility.MEMBERS.value)
    return (Visibility.EVERYONE.value,)


def visible_to(field_name: str, audience) -> Q:
    """Profiles whose `field_name` this audience may see (used so filters never reveal hidden values)."""
    shown = Q(**{f"visibility__{field_name}__in": list(audience)})
    # A field without a setting is public (as in PractitionerProfile.visibility_of).
    return shown | ~Q(visibility__has_key=field_name) if Visibility.EVERYONE in audience else shown


def may_see(profile: PractitionerProfile, field_name: str, viewer) -> bool:
    if viewer is not None and viewer.is_authenticated and viewer.pk == profile.user_id:
        return True
    return profile.visibility_of(field_name) in audience_of(viewer)


def active_profiles():
    """Profiles of members who are not suspended."""
    return PractitionerProfile.objects.filter(suspended_at__isnull=True, user__is_active=True)


def listed_profiles():
    """Active profiles for the directory, the graph and the sitemap: not staff accounts that never filled theirs in."""
    unfilled_staff = Q(user__is_staff=True) & Q(headline="") & Q(bio="") & Q(organisation__isnull=True) & Q(avatar="")
    return active_profiles().exclude(unfilled_staff)


def public_organisations():
    """Organisations anyone may see, in name order (for the sitemap)."""
    return Organisation.objects.order_by("name")


def profile_named(display_name: str) -> PractitionerProfile | None:
    """The active profile with exactly this display name (case-insensitive), or None; for linking contributors."""
    return active_profiles().filter(display_name__iexact=display_name.strip()).order_by("pk").first()


def profile_with_email(email: str) -> PractitionerProfile | None:
    """The active profile of the member who has this email address (any of theirs), or None."""
    from allauth.account.models import EmailAddress

    owners = EmailAddress.objects.filter(email__iexact=email.strip()).values("user_id")
    return active_profiles().filter(Q(user__email__iexact=email.strip()) | Q(user__in=owners)).order_by("pk").first()


def profiles_named_like(text: str, limit: int = 6) -> list[PractitionerProfile]:
    """Listed profiles whose display name contains `text`, an exact match first (to name a co-author)."""
    text = " ".join(text.split())
    exact = Case(When(display_name__iexact=text, then=Value(0)), default=Value(1), output_field=IntegerField())
    matches = listed_profiles().filter(display_name__icontains=text).annotate(exact=exact)
    return list(matches.order_by("exact", "display_name", "pk")[:limit])


def profile_for_user(user) -> PractitionerProfile | None:
    """The signed-in member's own profile, or None."""
    if user is None or not user.is_authenticated:
        return None
    return PractitionerProfile.objects.filter(user=user).first()


@dataclass
class PublicProfile:
    """The parts of a profile one viewer may see; hidden fields are simply absent."""

    pk: int
    display_name: str
    slug: str
    url: str
    headline: str = ""
    roles: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    region: Region | None = None
    service_areas: list[ServiceArea] = field(default_factory=list)
    principles: list = field(default_factory=list)  # principle pages, supplied through network.work
    bio: str = ""
    avatar_url: str = ""
    links: list[str] = field(default_factory=list)
    open_to: list[str] = field(default_factory=list)
    # Why a suggestion was made (see suggestions_for).
    shared: int = 0
    same_region: bool = False

    @property
    def initials(self) -> str:
        """Up to two letters for the generated avatar: the first of the first and last words of the name."""
        words = [word for word in self.display_name.split() if word[:1].isalnum()]
        if not words:
            return "?"
        return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()

    @property
    def avatar_tone(self) -> int:
        """One of six background colours for the initials, steady for a given profile."""
        return self.pk % 6

    def as_json(self) -> dict:
        data = {"id": self.pk, "display_name": self.display_name, "slug": self.slug, "url": self.url}
        if self.headline:
            data["headline"] = self.headline
        if self.roles:
            data["roles"] = self.roles
        if self.organisation:
            data["organisation"] = {"name": self.organisation.name, "slug": self.organisation.slug}
        if self.region:
            data["region"] = {"name": self.region.name, "slug": self.region.slug}
        if self.service_areas:
            data["service_areas"] = [{"name": s.name, "slug": s.slug} for s in self.service_areas]
        if self.principles:
            data["principles"] = [{"title": p.title, "slug": p.slug} for p in self.principles]
        if self.bio:
            data["bio"] = self.bio
        if self.avatar_url:
            data["avatar"] = self.avatar_url
        if self.links:
            data["links"] = self.links
        if self.open_to:
            data["open_to"] = self.open_to
        return data


def with_details(profiles):
    """Profiles with everything `public_profile` reads, in a fixed number of queries."""
    return profiles.select_related("organisation", "region").prefetch_related(
        "role_entries", "open_to_entries", "service_areas", Prefetch("principles", queryset=work.principles())
    )


def public_profile(profile: PractitionerProfile, viewer) -> PublicProfile:
    """What `viewer` may see of `profile`; the email address is never part of it."""

    def shown(name):
        return may_see(profile, name, viewer)

    return PublicProfile(
        pk=profile.pk,
        display_name=profile.display_name,
        slug=profile.slug,
        url=profile.get_absolute_url(),
        headline=profile.headline if shown("headline") else "",
        roles=[e.get_role_display() for e in profile.role_entries.all()] if shown("roles") else [],
        organisation=profile.organisation if shown("organisation") else None,
        region=profile.region if shown("region") else None,
        service_areas=list(profile.service_areas.all()) if shown("service_areas") else [],
        principles=list(profile.principles.all()) if shown("principles") else [],
        bio=profile.bio if shown("bio") else "",
        avatar_url=profile.avatar.url if profile.avatar and shown("avatar") else "",
        links=list(profile.links or []) if shown("links") else [],
        open_to=[e.get_offer_display() for e in profile.open_to_entries.all()] if shown("open_to") else [],
    )


# --- profile and organisation pages -----------------------------------------------------------------


class _AnotherMember:
    """Stands in for "any other signed-in member" when an owner previews their profile as members see it."""

    pk = None
    is_authenticated = True
    is_active = True


PREVIEW_AUDIENCES = {"visitor": "a visitor", "member": "another member"}


def profile_page(slug: str, viewer, view_as: str = "") -> dict | None:
    """Everything the profile page shows, or None when there is no such active profile.

    The owner may preview it `view_as` "visitor" or "member": the same visibility rules as for those viewers.
    """
    profile = with_details(active_profiles()).filter(slug=slug).first()
    if profile is None:
        return None
    own = profile_for_user(viewer)
    is_own = own is not None and own.pk == profile.pk
    preview = view_as if is_own and view_as in PREVIEW_AUDIENCES else ""
    if preview:
        viewer = AnonymousUser() if preview == "visitor" else _AnotherMember()
    followers = active_profiles().filter(following_links__followed=profile).order_by("display_name")
    following = active_profiles().filter(follower_links__follower=profile).order_by("display_name")
    return {
        "profile": profile,
        "public": public_profile(profile, viewer),
        "is_own": is_own and not preview,
        "preview": preview,
        "preview_audience": PREVIEW_AUDIENCES.get(preview, ""),
        "visibility": {name: profile.visibility_of(name) for name in PRIVATE_FIELDS} if is_own else {},
        "is_following": own is not None and Follow.objects.filter(follower=own, followed=profile).exists(),
        "followers": followers,
        "following": following,
        "co_authors": co_authors_of(profile),
        "case_studies": work.case_studies_by_contributors([profile.pk]),
        "groups": affiliations.groups_of(profile.user, viewer) if may_see(profile, "groups", viewer) else [],
    }


def co_authors_of(profile: PractitionerProfile):
    """Active profiles who contributed to a published case study with this one."""
    # Set-based: the links of this profile's own case studies only, never every link in the network.
    pages = [page_id for _, page_id in work.contributor_links([profile.pk])]
    co_author_ids = {pid for pid, _ in work.contributor_links(page_ids=pages)} - {profile.pk} if pages else set()
    return active_profiles().filter(pk__in=co_author_ids).order_by("display_name")


def organisation_page(slug: str, viewer) -> dict | None:
    """An organisation with its people (those who show it to this viewer) and its case studies."""
    organisation = Organisation.objects.select_related("region", "kind").filter(slug=slug).first()
    if organisation is None:
        return None
    shown = visible_to("organisation", audience_of(viewer))
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(user=viewer)
    people = with_details(active_profiles().filter(Q(organisation=organisation) & shown)).order_by("display_name")
    return {
        "organisation": organisation,
        "people": [public_profile(p, viewer) for p in people],
        "case_studies": work.case_studies_of_organisation(organisation),
    }


# --- directory ----------------------------------------------------------------------------------------


@dataclass
class DirectoryFilters:
    """What a visitor chose in the directory; values are slugs, any value within one facet matches."""

    q: str = ""
    roles: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    service_areas: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    open_to: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    @property
    def is_active(self):
        chosen = (self.roles, self.regions, self.service_areas, self.principles, self.open_to, self.groups)
        return bool(self.q or any(chosen))


def practitioners_for(filters: DirectoryFilters, viewer):
    """Active profiles matching every chosen facet, matched only on fields the viewer may see."""
    audience = audience_of(viewer)
    profiles = listed_profiles()
    if filters.q:
        profiles = profiles.filter(
            Q(display_name__icontains=filters.q) | (Q(headline__icontains=filters.q) & visible_to("headline", audience))
        )
    facets = [
        ("roles", "role_entries__role__in", filters.roles),
        ("region", "region__slug__in", filters.regions),
        ("service_areas", "service_areas__slug__in", filters.service_areas),
        ("principles", "principles__slug__in", filters.principles),
        ("open_to", "open_to_entries__offer__in", filters.open_to),
    ]
    for field_name, lookup, chosen in facets:
        if chosen:
            matching = PractitionerProfile.objects.filter(**{lookup: chosen}).values("pk")
            profiles = profiles.filter(Q(pk__in=matching) & visible_to(field_name, audience))
    if filters.groups:  # members of groups the viewer may see inside, who show their groups to this viewer
        profiles = profiles.filter(
            Q(user_id__in=affiliations.member_ids(filters.groups, viewer)) & visible_to("groups", audience)
        )
    return profiles.order_by("display_name", "pk")


def directory_options(viewer=None):
    return {
        "roles": PractitionerRole.choices,
        "regions": all_regions(),
        "service_areas": all_service_areas(),
        "principles": work.principles(),
        "open_to": OpenTo.choices,
        "groups": affiliations.group_choices(viewer),
    }


def directory_context(*, filters: DirectoryFilters, page_number, viewer) -> dict:
    """The directory's filters and results for these filters and this page number (suggestions apart)."""
    paginator = Paginator(practitioners_for(filters, viewer), PRACTITIONERS_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    profiles = with_details(PractitionerProfile.objects.filter(pk__in=[p.pk for p in page_obj.object_list]))
    by_pk = {p.pk: p for p in profiles}
    return {
        "filters": filters,
        "options": directory_options(viewer),
        "page_obj": page_obj,
        "practitioners": [public_profile(by_pk[p.pk], viewer) for p in page_obj.object_list],
    }


# --- suggestions and activity -------------------------------------------------------------------------


def suggestions_for(viewer, limit: int = SUGGESTIONS) -> list[PublicProfile]:
    """People you may want to meet: shared principles and service areas, your region first, not yet followed."""
    own = profile_for_user(viewer)
    if own is None:
        return []
    audience = audience_of(viewer)
    principle_ids = list(own.principles.values_list("pk", flat=True))
    area_ids = list(own.service_areas.values_list("pk", flat=True))
    # An empty IN() would turn a whole count into NULL, so an empty side counts as a plain 0.
    shared_principles = (
        Count("principles", filter=Q(principles__in=principle_ids) & visible_to("principles", audience), distinct=True)
        if principle_ids
        else Value(0)
    )
    shared_areas = (
        Count(
            "service_areas", filter=Q(service_areas__in=area_ids) & visible_to("service_areas", audience), distinct=True
        )
        if area_ids
        else Value(0)
    )
    same_region = Case(
        When(Q(region_id=own.region_id) & visible_to("region", audience), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    candidates = (
        listed_profiles()
        .exclude(pk=own.pk)
        .exclude(pk__in=Follow.objects.filter(follower=own).values("followed_id"))
        .annotate(shared=shared_principles + shared_areas, same_region=same_region if own.region_id else Value(0))
        .filter(shared__gt=0)
        .order_by("-same_region", "-shared", "display_name")
    )
    suggestions = []
    for profile in with_details(candidates)[:limit]:
        public = public_profile(profile, viewer)
        public.shared, public.same_region = profile.shared, bool(profile.same_region)
        suggestions.append(public)
    return suggestions


def network_activity_for(viewer, limit: int = ACTIVITY_ITEMS) -> dict:
    """What the people a member follows did lately: their newest published case studies."""
    own = profile_for_user(viewer)
    if own is None:
        return {"case_studies": [], "follows_anyone": False}
    followed_ids = list(Follow.objects.filter(follower=own).values_list("followed_id", flat=True))
    case_studies = list(work.case_studies_by_contributors(followed_ids)[:limit]) if followed_ids else []
    return {"case_studies": case_studies, "follows_anyone": bool(followed_ids)}


def organisations_with_counts():
    """Every organisation with how many active practitioners show it publicly."""
    shown = Q(people__suspended_at__isnull=True, people__visibility__organisation=Visibility.EVERYONE.value)
    return Organisation.objects.select_related("region", "kind").annotate(people_count=Count("people", filter=shown))


def organisation_count() -> int:
    """How many organisations the network has (for the home page's figures)."""
    return Organisation.objects.count()


def newest_members(limit: int = 8):
    """The most recently joined members' profiles (for editors' dashboard)."""
    return PractitionerProfile.objects.select_related("user", "organisation").order_by("-created_at")[:limit]


def profile_titles(ids) -> dict[int, tuple[str, str]]:
    """Active profiles' display names and addresses by id (for the insight report)."""
    return {
        profile.pk: (profile.display_name, profile.get_absolute_url())
        for profile in active_profiles().filter(pk__in=ids)
    }


def new_members_per_week(start, end) -> dict:
    """Members who joined (their profile was made), counted per week."""
    from portal.insight.selectors import weekly_counts

    return weekly_counts(PractitionerProfile.objects.all(), "created_at", start, end)


# --- handles, blocks and mutes (what discussions' mentions and the contact form ask) -------------------

HANDLE_SUGGESTIONS = 8


def profiles_by_handles(handles) -> dict[str, PractitionerProfile]:
    """Active profiles whose public slug is one of these handles (lowercase), by handle."""
    handles = {handle.lower() for handle in handles}
    if not handles:
        return {}
    return {profile.slug: profile for profile in active_profiles().filter(slug__in=handles).select_related("user")}


def members_to_mention(query: str, viewer, limit: int = HANDLE_SUGGESTIONS) -> list[dict]:
    """Members whose name or handle starts with `query`, for the "@" suggestions: name, handle and link."""
    query = (query or "").strip().lstrip("@")
    if not query:
        return []
    words = Q(display_name__istartswith=query) | Q(display_name__icontains=f" {query}") | Q(slug__startswith=query)
    profiles = listed_profiles().filter(words)
    if viewer is not None and viewer.is_authenticated:
        profiles = profiles.exclude(user=viewer).exclude(user_id__in=blocked_either_way(viewer.pk))
    return [
        {"name": profile.display_name, "handle": profile.slug, "url": profile.get_absolute_url()}
        for profile in profiles.order_by("display_name", "pk")[:limit]
    ]


def blocked_either_way(user_id: int) -> set[int]:
    """Members this member blocked or who blocked them: no mentions, contact or notifications between them."""
    made = MemberBlock.objects.filter(blocker_id=user_id).values_list("blocked_id", flat=True)
    received = MemberBlock.objects.filter(blocked_id=user_id).values_list("blocker_id", flat=True)
    return set(made) | set(received)


def blockers_among(actor_id: int, user_ids) -> set[int]:
    """Which of these members blocked the actor, or were blocked by them."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    pairs = MemberBlock.objects.filter(
        Q(blocker_id=actor_id, blocked_id__in=user_ids) | Q(blocked_id=actor_id, blocker_id__in=user_ids)
    ).values_list("blocker_id", "blocked_id")
    return {blocker if blocker != actor_id else blocked for blocker, blocked in pairs}


def has_blocked(user, other_id: int) -> bool:
    """Whether this member blocked the other."""
    return (
        bool(user and user.is_authenticated) and MemberBlock.objects.filter(blocker=user, blocked_id=other_id).exists()
    )


def muted_by(user) -> set[int]:
    """The members whose comments this member folds away."""
    if user is None or not user.is_authenticated:
        return set()
    return set(MemberMute.objects.filter(muter=user).values_list("muted_id", flat=True))


def relation_to(user, other_id: int) -> dict:
    """Whether this member blocks and mutes the other, for the controls on a profile."""
    if user is None or not user.is_authenticated or user.pk == other_id:
        return {"is_blocked": False, "is_muted": False}
    return {
        "is_blocked": MemberBlock.objects.filter(blocker=user, blocked_id=other_id).exists(),
        "is_muted": MemberMute.objects.filter(muter=user, muted_id=other_id).exists(),
    }


# The initials' backgrounds of static/css/network.css (--brand, then .avatar--tone-1 to -5), drawn here as SVG.
AVATAR_TONES = ("#0b5d5b", "#3f3d8f", "#8a2c4b", "#6a4a0c", "#1f5a8a", "#5a3d6e")


def admin_avatar_url(user) -> str | None:
    """The admin's picture of a member: their uploaded avatar if members may see it, else their initials (SVG)."""
    from urllib.parse import quote

    from django.utils.html import escape

    profile = getattr(user, "profile", None) if getattr(user, "pk", None) else None
    if profile is None:
        return None
    if profile.avatar and profile.visibility_of("avatar") != Visibility.HIDDEN:
        return profile.avatar.url
    person = PublicProfile(pk=profile.pk, display_name=profile.display_name, slug=profile.slug, url="")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" fill="{AVATAR_TONES[person.avatar_tone]}"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="26" font-weight="700" fill="#fff" '
        f'text-anchor="middle">{escape(person.initials)}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)


# --- contacting a practitioner -------------------------------------------------------------------------

CONTACTS_PER_DAY = 5  # messages one member may send through the portal in 24 hours
REPLY_WINDOW_DAYS = 30  # a member contacted may reply within this many days, whatever they are open to


def contact_offers(profile: PractitionerProfile, viewer) -> list[tuple[str, str]]:
    """What the practitioner is open to, as far as this viewer may see it: the reasons a message may give."""
    if not may_see(profile, "open_to", viewer):
        return []
    offers = {entry.offer for entry in profile.open_to_entries.all()}
    return [(value, label) for value, label in OpenTo.choices if value in offers]


def is_reply_to(viewer, profile: PractitionerProfile) -> bool:
    """Whether the practitioner contacted this member recently, so the member may reply through the portal."""
    since = timezone.now() - timedelta(days=REPLY_WINDOW_DAYS)
    return ContactMessage.objects.filter(sender=profile.user_id, recipient=viewer, created_at__gte=since).exists()


def contact_refusal(profile: PractitionerProfile, viewer) -> str:
    """Why this viewer may not contact the practitioner, in words for them; empty when they may."""
    if viewer is None or not viewer.is_authenticated:
        return "Sign in to contact a practitioner."
    if viewer.pk == profile.user_id:
        return "This is your own profile."
    if profile.user_id in blocked_either_way(viewer.pk):
        return f"You cannot contact {profile.display_name}."
    if not contact_offers(profile, viewer) and not is_reply_to(viewer, profile):
        return f"{profile.display_name} is not open to messages at the moment."
    sent = ContactMessage.objects.filter(sender=viewer, created_at__gte=timezone.now() - timedelta(days=1)).count()
    if sent >= CONTACTS_PER_DAY:
        return f"You can send {CONTACTS_PER_DAY} messages a day through the portal: try again tomorrow."
    return ""


def member_controls(profile: PractitionerProfile, viewer) -> dict:
    """What the profile page offers this viewer besides following: contact, mute and block."""
    return {
        **relation_to(viewer, profile.user_id),
        "can_contact": contact_refusal(profile, viewer) == "",
        "is_signed_in": bool(viewer and viewer.is_authenticated),
    }


def followers_of(user) -> list:
    """The active members who follow this member's profile (for telling them of what the member starts)."""
    if user is None:
        return []
    profiles = active_profiles().filter(following_links__followed__user=user).select_related("user")
    return [profile.user for profile in profiles]


def received_message(message_id: int, user):
    """A contact message this member received (to read, reply to or report), or 404."""
    from django.shortcuts import get_object_or_404

    from portal.network.models import ContactMessage

    return get_object_or_404(ContactMessage.objects.select_related("sender__profile"), pk=message_id, recipient=user)


def messages_from(sender, recipient, limit: int = 5) -> list:
    """The latest messages one member sent another through the portal, newest first."""
    from portal.network.models import ContactMessage

    return list(ContactMessage.objects.filter(sender=sender, recipient=recipient).order_by("-created_at")[:limit])


KEEP_AWAY_ROWS = 50
KEEP_AWAY_DAYS = 30


def kept_away_from(*, now=None, limit: int = KEEP_AWAY_ROWS) -> list[dict]:
    """Members by how many distinct members block or mute them, for moderators: counts only, never who.
    Each row: `user_id`, `name`, `profile_url`, `blockers`, `muters`, and the blocks and mutes made in the
    last KEEP_AWAY_DAYS days against the days before those (`recent`, `before`). Three queries."""
    now = now or timezone.now()
    recent_start = now - timedelta(days=KEEP_AWAY_DAYS)
    before_start = recent_start - timedelta(days=KEEP_AWAY_DAYS)
    rows: dict[int, dict] = {}

    def tally(queryset, member_field: str, by_field: str, label: str) -> None:
        counts = queryset.values(member_field).annotate(
            members=Count(by_field, distinct=True),
            recent=Count("pk", filter=Q(created_at__gte=recent_start)),
            before=Count("pk", filter=Q(created_at__gte=before_start, created_at__lt=recent_start)),
        )
        for count in counts:
            empty = {"user_id": count[member_field], "blockers": 0, "muters": 0, "recent": 0, "before": 0}
            row = rows.setdefault(count[member_field], empty)
            row[label] = count["members"]
            row["recent"] += count["recent"]
            row["before"] += count["before"]

    tally(MemberBlock.objects.all(), "blocked_id", "blocker_id", "blockers")
    tally(MemberMute.objects.all(), "muted_id", "muter_id", "muters")
    ranked = sorted(rows.values(), key=lambda row: (-row["blockers"], -row["muters"], -row["recent"], row["user_id"]))
    ranked = ranked[:limit]
    profiles = PractitionerProfile.objects.filter(user_id__in=[row["user_id"] for row in ranked])
    by_user = {profile.user_id: profile for profile in profiles}
    for row in ranked:
        profile = by_user.get(row["user_id"])
        row["name"] = profile.display_name if profile else "A member without a profile"
        row["profile_url"] = profile.get_absolute_url() if profile else ""
        row["trend"] = row["recent"] - row["before"]
    return ranked
