"""Reads of practitioners, organisations and their links, always filtered by what the viewer may see."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from portal.network import work
from portal.network.models import (
    Follow,
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


def profile_page(slug: str, viewer) -> dict | None:
    """Everything the profile page shows, or None when there is no such active profile."""
    profile = with_details(active_profiles()).filter(slug=slug).first()
    if profile is None:
        return None
    own = profile_for_user(viewer)
    followers = active_profiles().filter(following_links__followed=profile).order_by("display_name")
    following = active_profiles().filter(follower_links__follower=profile).order_by("display_name")
    return {
        "profile": profile,
        "public": public_profile(profile, viewer),
        "is_own": own is not None and own.pk == profile.pk,
        "is_following": own is not None and Follow.objects.filter(follower=own, followed=profile).exists(),
        "followers": followers,
        "following": following,
        "co_authors": co_authors_of(profile),
        "case_studies": work.case_studies_by_contributors([profile.pk]),
    }


def co_authors_of(profile: PractitionerProfile):
    """Active profiles who contributed to a published case study with this one."""
    # Set-based: the links of this profile's own case studies only, never every link in the network.
    pages = [page_id for _, page_id in work.contributor_links([profile.pk])]
    co_author_ids = {pid for pid, _ in work.contributor_links(page_ids=pages)} - {profile.pk} if pages else set()
    return active_profiles().filter(pk__in=co_author_ids).order_by("display_name")


def organisation_page(slug: str, viewer) -> dict | None:
    """An organisation with its people (those who show it to this viewer) and its case studies."""
    organisation = Organisation.objects.select_related("region").filter(slug=slug).first()
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

    @property
    def is_active(self):
        return bool(self.q or self.roles or self.regions or self.service_areas or self.principles or self.open_to)


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
    return profiles.order_by("display_name", "pk")


def directory_options():
    return {
        "roles": PractitionerRole.choices,
        "regions": all_regions(),
        "service_areas": all_service_areas(),
        "principles": work.principles(),
        "open_to": OpenTo.choices,
    }


def directory_context(*, filters: DirectoryFilters, page_number, viewer) -> dict:
    """Everything the directory shows for these filters and this page number."""
    paginator = Paginator(practitioners_for(filters, viewer), PRACTITIONERS_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    profiles = with_details(PractitionerProfile.objects.filter(pk__in=[p.pk for p in page_obj.object_list]))
    by_pk = {p.pk: p for p in profiles}
    return {
        "filters": filters,
        "options": directory_options(),
        "page_obj": page_obj,
        "practitioners": [public_profile(by_pk[p.pk], viewer) for p in page_obj.object_list],
        "suggestions": suggestions_for(viewer),
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
    return Organisation.objects.select_related("region").annotate(people_count=Count("people", filter=shown))


def organisation_count() -> int:
    """How many organisations the network has (for the home page's figures)."""
    return Organisation.objects.count()


def newest_members(limit: int = 8):
    """The most recently joined members' profiles (for editors' dashboard)."""
    return PractitionerProfile.objects.select_related("user", "organisation").order_by("-created_at")[:limit]
