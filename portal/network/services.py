"""What changes the network: profiles, follows, suspension, and the demo practitioners."""

import json
import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portal.network import work
from portal.network.models import (
    PRIVATE_FIELDS,
    ContactMessage,
    Follow,
    MemberBlock,
    MemberMute,
    OpenTo,
    Organisation,
    OrganisationReview,
    PractitionerProfile,
    PractitionerRole,
    ProfileOpenTo,
    ProfileRole,
    Visibility,
    default_visibility,
)
from portal.taxonomy.selectors import all_regions, all_service_areas
from portal.taxonomy.services import ensure_organisation_kinds

DEMO_EMAIL_DOMAIN = "example.org"
DEMO_DIR = Path(__file__).resolve().parent.parent / "practices" / "demo"
NEW_MEMBER_NAME = "New member"
ORGANISATION_DECLINED_KIND = "network.organisation-declined"


class OrganisationExists(ValueError):
    """A proposed organisation whose name another organisation (listed, proposed or declined) already has."""


@transaction.atomic
def propose_organisation(*, name: str, kind: str, region=None, website: str = "", proposed_by) -> Organisation:
    """An organisation a member names with a case study, kept out of the public lists until an editor approves it.

    Proposing the same name again (sending a case study twice) returns the member's earlier proposal.
    """
    name = " ".join(name.split())
    problem = organisation_proposal_problem(name=name, proposed_by=proposed_by)
    if problem:
        raise OrganisationExists(problem)
    existing = Organisation.all_objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing  # the member's own earlier proposal
    base = slugify(name)[:140] or "organisation"
    slug, n = base, 1
    while Organisation.all_objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organisation = Organisation.all_objects.create(
        name=name,
        slug=slug,
        kind_id=kind or None,
        region=region,
        website=website,
        review_state=OrganisationReview.PROPOSED,
        proposed_by=proposed_by,
    )
    from portal.network.moderation import queue_proposed_organisation

    queue_proposed_organisation(organisation)
    return organisation


@transaction.atomic
def review_organisation(
    *, organisation: Organisation, state: str, editor=None, reason: str = "", note: str = ""
) -> Organisation:
    """An editor approves or declines a proposed organisation, in the review queue or in the Organisations
    admin; its queue item closes with the same record either way. A member whose proposal is declined is
    told, with the reason when one was given."""
    from portal.moderation import services as moderation
    from portal.notifications.services import notify

    if organisation.review_state != state:
        organisation.review_state = state
        organisation.save()  # through save(), so the search outbox hears of it
        if state == OrganisationReview.DECLINED and organisation.proposed_by_id:
            notify(
                kind=ORGANISATION_DECLINED_KIND,
                recipients=[organisation.proposed_by],
                target_url=reverse("network:organisation_list"),
                context={
                    "name": organisation.name,
                    "what": "organisation",
                    "outcome": "list it",
                    "next_step": "You can choose an organisation that is already listed",
                    "reason": reason,
                    "note": note.strip()[:2000],
                },
                dedupe_key=f"{ORGANISATION_DECLINED_KIND}:{organisation.pk}",
            )
    if state != OrganisationReview.PROPOSED:
        action = "approve" if state == OrganisationReview.APPROVED else "remove"
        moderation.settle(obj=organisation, action=action, moderator=editor, where="Decided in the organisations admin")
    return organisation


def organisation_proposal_problem(*, name: str, proposed_by) -> str:
    """Why this name cannot be proposed (it is taken), or an empty string."""
    existing = Organisation.all_objects.filter(name__iexact=" ".join(name.split())).first()
    if existing is None or (
        existing.review_state == OrganisationReview.PROPOSED and existing.proposed_by_id == proposed_by.pk
    ):
        return ""
    if existing.is_approved:
        return f"“{existing.name}” is already in the list: tick it there instead."
    return f"“{existing.name}” has already been proposed or declined; choose another name or ask the editors."


class FollowError(ValueError):
    """A follow that cannot be made, e.g. following yourself."""


def unique_profile_slug(*, name: str, exclude_pk: int | None = None) -> str:
    """A slug from `name` that no other profile uses: `jo-bloggs`, then `jo-bloggs-2`, ..."""
    base = slugify(name)[:100] or "member"
    taken = PractitionerProfile.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


SLUG_ATTEMPTS = 5


def _save_with_unique_slug(profile: PractitionerProfile, save) -> PractitionerProfile:
    """Run `save` with a slug no one holds; on a clash with a concurrent sign-up of the same name, pick again.

    Two processes can choose the same free slug at once; the unique index refuses the second, which
    then retries inside its own savepoint rather than failing the sign-up.
    """
    for attempt in range(SLUG_ATTEMPTS):
        profile.slug = unique_profile_slug(name=profile.display_name, exclude_pk=profile.pk)
        if attempt:
            # Others signing up under the same name hold the next numbers in transactions we cannot see
            # yet: a random tail cannot clash with them.
            profile.slug = f"{profile.slug[:40]}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                save()
            return profile
        except IntegrityError:
            existing = PractitionerProfile.objects.filter(user=profile.user).first() if profile.pk is None else None
            if existing is not None:  # another request created this member's profile first
                return existing
            if attempt == SLUG_ATTEMPTS - 1:
                raise
    return profile


def ensure_profile(*, user, display_name: str = "") -> PractitionerProfile:
    """The member's profile, created on first call; an empty display name never becomes the email address."""
    profile = PractitionerProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    username = user.get_username()
    name = display_name.strip() or user.get_full_name() or ("@" not in username and username) or NEW_MEMBER_NAME
    profile = PractitionerProfile(user=user, display_name=name, visibility=default_visibility())
    return _save_with_unique_slug(profile, profile.save)


def rename_profile(*, profile: PractitionerProfile, display_name: str) -> PractitionerProfile:
    """Give a profile a new display name and a matching, unique slug."""
    profile.display_name = display_name.strip()[:120]
    return _save_with_unique_slug(profile, lambda: profile.save(update_fields=["display_name", "slug"]))


@transaction.atomic
def update_profile(
    *,
    profile: PractitionerProfile,
    roles=(),
    open_to=(),
    service_areas=(),
    principles=(),
    visibility: dict | None = None,
    **fields,
) -> PractitionerProfile:
    """Save a practitioner's own edit of their profile, including who may see each field."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if visibility is not None:
        levels = {name: visibility.get(name, profile.visibility_of(name)) for name in PRIVATE_FIELDS}
        # Anything unrecognised errs on the side of privacy.
        profile.visibility = {
            name: level if level in Visibility.values else Visibility.HIDDEN.value for name, level in levels.items()
        }
    # Parental many-to-many changes are written by save(), so they come first.
    profile.service_areas.set(service_areas)
    profile.principles.set(principles)
    profile.full_clean(exclude=["user"])
    profile.save()
    set_roles(profile=profile, roles=roles)
    set_open_to(profile=profile, offers=open_to)
    return profile


def set_roles(*, profile: PractitionerProfile, roles) -> None:
    """Replace a profile's roles with `roles` (values of PractitionerRole)."""
    chosen = {role for role in roles if role in PractitionerRole.values}
    ProfileRole.objects.filter(profile=profile).exclude(role__in=chosen).delete()
    existing = set(ProfileRole.objects.filter(profile=profile).values_list("role", flat=True))
    ProfileRole.objects.bulk_create([ProfileRole(profile=profile, role=role) for role in chosen - existing])


def set_open_to(*, profile: PractitionerProfile, offers) -> None:
    """Replace what a profile is open to with `offers` (values of OpenTo)."""
    chosen = {offer for offer in offers if offer in OpenTo.values}
    ProfileOpenTo.objects.filter(profile=profile).exclude(offer__in=chosen).delete()
    existing = set(ProfileOpenTo.objects.filter(profile=profile).values_list("offer", flat=True))
    ProfileOpenTo.objects.bulk_create([ProfileOpenTo(profile=profile, offer=offer) for offer in chosen - existing])


def follow(*, follower: PractitionerProfile, followed: PractitionerProfile) -> Follow:
    """Make `follower` follow `followed`; following twice is harmless."""
    if follower.pk == followed.pk:
        raise FollowError("You cannot follow yourself.")
    if followed.is_suspended:
        raise FollowError("This account is suspended.")
    try:
        with transaction.atomic():
            link, created = Follow.objects.get_or_create(follower=follower, followed=followed)
    except IntegrityError:  # a concurrent request made the same follow
        link, created = Follow.objects.get(follower=follower, followed=followed), False
    if created:
        _tell_followed(follower, followed)
    return link


FOLLOWER_KIND = "network.follower"


def _tell_followed(follower: PractitionerProfile, followed: PractitionerProfile) -> None:
    from portal.notifications.services import notify

    notify(
        kind=FOLLOWER_KIND,
        recipients=[followed.user],
        target_url=follower.get_absolute_url(),
        actor=follower.user,
        dedupe_key=f"{FOLLOWER_KIND}:{follower.pk}",  # following, unfollowing and following again: told once
    )


def unfollow(*, follower: PractitionerProfile, followed: PractitionerProfile) -> None:
    """Stop `follower` following `followed`; unfollowing someone not followed is harmless."""
    Follow.objects.filter(follower=follower, followed=followed).delete()


@transaction.atomic
def suspend_account(*, profile: PractitionerProfile, reason: str = "") -> PractitionerProfile:
    """Suspend a member: they cannot sign in (existing sessions end) and their profile disappears from the site."""
    profile.suspended_at = timezone.now()
    profile.suspension_reason = reason.strip()[:250]
    profile.save(update_fields=["suspended_at", "suspension_reason"])
    user = profile.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    return profile


@transaction.atomic
def clear_profile_text(*, profile: PractitionerProfile) -> PractitionerProfile:
    """Take down what a profile says (headline, bio, links, picture) when a moderator removes it; the name stays."""
    profile.headline, profile.bio, profile.links = "", "", []
    if profile.avatar:
        profile.avatar.delete(save=False)
    profile.save(update_fields=["headline", "bio", "links", "avatar"])
    return profile


@transaction.atomic
def reinstate_account(*, profile: PractitionerProfile) -> PractitionerProfile:
    """Lift a suspension."""
    profile.suspended_at = None
    profile.suspension_reason = ""
    profile.save(update_fields=["suspended_at", "suspension_reason"])
    user = profile.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    return profile


# --- demo data -----------------------------------------------------------------------------------------


def _demo_follows(practitioners: list[dict]) -> list[tuple[str, str]]:
    """Plausible follows: people follow others in their region and others who share a principle."""
    pairs = []
    for index, person in enumerate(practitioners):
        others = practitioners[index + 1 :] + practitioners[:index]
        same_region = [o for o in others if o["region"] == person["region"]]
        same_principle = [o for o in others if set(o["principles"]) & set(person["principles"])]
        for other in same_region[:2] + same_principle[:2]:
            if (person["slug"], other["slug"]) not in pairs:
                pairs.append((person["slug"], other["slug"]))
    return pairs


@transaction.atomic
def load_demo_network(*, data_dir: Path | str | None = None) -> dict:
    """Create or update the demo organisations, 32 practitioners (verified, unusable passwords) and their follows.

    Reads `organisations.json` and `practitioners.json` from `data_dir` (default: portal/practices/demo/).
    Regions, service areas and published principle pages must exist already. Safe to run again: it matches by slug.
    """
    data_dir = Path(data_dir) if data_dir is not None else DEMO_DIR
    organisations = json.loads((data_dir / "organisations.json").read_text(encoding="utf-8"))
    practitioners = json.loads((data_dir / "practitioners.json").read_text(encoding="utf-8"))
    regions = {r.slug: r for r in all_regions()}
    areas = {a.slug: a for a in all_service_areas()}
    principles = {p.slug: p for p in work.principles()}

    ensure_organisation_kinds()
    for item in organisations:
        Organisation.all_objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "kind_id": item["kind"],  # the kind's slug
                "region": regions.get(item.get("region")),
                "website": item.get("website", ""),
                "description": item.get("description", ""),
            },
        )
    organisations_by_slug = {o.slug: o for o in Organisation.objects.all()}

    User = get_user_model()
    profiles = {}
    for item in practitioners:
        email = f"{item['slug']}@{DEMO_EMAIL_DOMAIN}"
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(username=item["slug"][:150], email=email)
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile = ensure_profile(user=user, display_name=item["display_name"])
        profile.slug = item["slug"]
        profile.display_name = item["display_name"]
        update_profile(
            profile=profile,
            headline=item.get("headline", ""),
            bio=item.get("bio", ""),
            organisation=organisations_by_slug.get(item.get("organisation") or ""),
            region=regions.get(item.get("region") or ""),
            roles=item.get("roles", []),
            open_to=item.get("open_to", []),
            service_areas=[areas[s] for s in item.get("service_areas", []) if s in areas],
            principles=[principles[s] for s in item.get("principles", []) if s in principles],
        )
        profiles[item["slug"]] = profile

    follows = 0
    for follower, followed in _demo_follows(practitioners):
        follow(follower=profiles[follower], followed=profiles[followed])
        follows += 1
    return {"organisations": len(organisations), "practitioners": len(profiles), "follows": follows}


# --- keeping away from a member --------------------------------------------------------------------


def block_member(*, user, other) -> None:
    """Block a member: no contact, mentions or notifications between them from now on."""
    if user.pk == other.pk:
        raise FollowError("You cannot block yourself.")
    MemberBlock.objects.get_or_create(blocker=user, blocked=other)


def unblock_member(*, user, other) -> None:
    """Lift a block."""
    MemberBlock.objects.filter(blocker=user, blocked=other).delete()


def mute_member(*, user, other) -> None:
    """Mute a member: their comments fold away for this member only."""
    if user.pk == other.pk:
        raise FollowError("You cannot mute yourself.")
    MemberMute.objects.get_or_create(muter=user, muted=other)


def unmute_member(*, user, other) -> None:
    """Stop muting a member."""
    MemberMute.objects.filter(muter=user, muted=other).delete()


CONTACT_KIND = "network.contact"


class ContactRefused(Exception):
    """Raised when a member may not contact a practitioner (the message says why)."""


@transaction.atomic
def send_contact_message(*, sender, profile: PractitionerProfile, about: str, message: str) -> ContactMessage:
    """Relay a member's message to a practitioner by email (neither address shown; the reply goes through the
    portal), within what they are open to and the daily limit."""
    from portal.links import absolute_url
    from portal.network import selectors
    from portal.notifications.services import notify

    refusal = selectors.contact_refusal(profile, sender)
    if refusal:
        raise ContactRefused(refusal)
    offers = dict(selectors.contact_offers(profile, sender))
    if about and about not in offers:
        raise ContactRefused(f"{profile.display_name} is not open to that.")
    contact = ContactMessage.objects.create(sender=sender, recipient=profile.user, about=about, message=message)
    sender_profile = ensure_profile(user=sender)
    notify(
        kind=CONTACT_KIND,
        recipients=[profile.user],
        target_url=reverse("network:contact", args=[sender_profile.slug]),
        context={
            "about": offers.get(about, ""),
            "message": message,
            "sender_profile_url": sender_profile.get_absolute_url(),
            "report_url": absolute_url(reverse("network:contact_message", args=[contact.pk])),
        },
        actor=sender,
        dedupe_key=f"{CONTACT_KIND}:{contact.pk}",
    )
    return contact
