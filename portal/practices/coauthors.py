"""Co-authors of a submission: invitations by member name or email address, answered by the invitee."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.network import selectors as network_selectors
from portal.network import services as network_services
from portal.notifications.services import notify
from portal.practices.models import CaseStudyContributor, CoAuthorInvitation, InvitationState
from portal.practices.notifications import CO_AUTHOR_ANSWERED, CO_AUTHOR_INVITED

INVITATIONS_PER_HOUR = 10


class InvitationError(ValueError):
    """An invitation that cannot be sent or answered, with the reason in the member's words."""


def _invitee(who: str):
    """(profile, email) for what the submitter typed: a member's name, or an email address (a member's or not)."""
    if "@" in who:
        try:
            validate_email(who)
        except ValidationError as error:
            raise InvitationError(f"“{who}” is not an email address.") from error
        return network_selectors.profile_with_email(who), who.lower()
    matches = network_selectors.profiles_named_like(who)
    if not matches:
        raise InvitationError(f"No member is called “{who}”. Invite them by email address instead.")
    if len(matches) > 1 and matches[0].display_name.lower() != " ".join(who.split()).lower():
        names = ", ".join(profile.display_name for profile in matches[:5])
        raise InvitationError(f"Several members match “{who}” ({names}): type the full name or an email address.")
    return matches[0], ""


@transaction.atomic
def invite_co_author(*, submission, invited_by, who: str, role: str) -> CoAuthorInvitation:
    """Invite a member (by name or address) or anyone (by address) to be credited; they must accept first."""
    who = " ".join(who.split())
    if not who:
        raise InvitationError("Type a member's name or an email address.")
    since = timezone.now() - timedelta(hours=1)
    if CoAuthorInvitation.objects.filter(invited_by=invited_by, created_at__gte=since).count() >= INVITATIONS_PER_HOUR:
        raise InvitationError("You have sent many invitations in the last hour. Please try again later.")
    profile, email = _invitee(who)
    if profile is not None and profile.user_id == invited_by.pk:
        raise InvitationError("You are credited already, as the person who shares it.")
    open_states = [InvitationState.PENDING, InvitationState.ACCEPTED]
    same_person = Q(profile=profile) if profile is not None else Q(email__iexact=email)
    if submission.invitations.filter(same_person, state__in=open_states).exists():
        raise InvitationError(f"{who} is invited already.")
    invitation = CoAuthorInvitation.objects.create(
        submission=submission,
        invited_by=invited_by,
        profile=profile,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
    )
    if profile is not None:
        notify(
            kind=CO_AUTHOR_INVITED,
            recipients=[profile.user],
            target_url=reverse("practices:invitation", args=[invitation.token]),
            context={"case_study": submission.title, "role": invitation.get_role_display().lower()},
            actor=invited_by,
            dedupe_key=f"{CO_AUTHOR_INVITED}:{invitation.pk}",
        )
    else:
        from portal.practices.tasks import send_co_author_invitation

        send_co_author_invitation.enqueue(invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: CoAuthorInvitation) -> None:
    """Withdraw an invitation nobody has answered yet; its link then says so."""
    if invitation.state != InvitationState.PENDING:
        raise InvitationError("Only an invitation waiting for an answer can be withdrawn.")
    invitation.state = InvitationState.REVOKED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])


def _answer(invitation: CoAuthorInvitation, state: str, profile=None) -> None:
    if invitation.state != InvitationState.PENDING:
        raise InvitationError(
            "This invitation was withdrawn."
            if invitation.state == InvitationState.REVOKED
            else "This invitation has been answered already."
        )
    invitation.state = state
    invitation.accepted_by = profile
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "accepted_by", "answered_at"])
    notify(
        kind=CO_AUTHOR_ANSWERED,
        recipients=[invitation.invited_by],
        target_url=reverse("practices:submission_edit", args=[invitation.submission_id]),
        context={
            "case_study": invitation.submission.title,
            "invitee": invitation.invitee_name,
            "answer": "accepted" if state == InvitationState.ACCEPTED else "declined",
        },
        dedupe_key=f"{CO_AUTHOR_ANSWERED}:{invitation.pk}",
    )


@transaction.atomic
def accept_invitation(*, invitation: CoAuthorInvitation, user) -> None:
    """Credit and link the member who accepts; a case study already sent or live shows them from now on."""
    if invitation.profile is not None and invitation.profile.user_id != user.pk:
        raise InvitationError("This invitation is for another member. Sign in as them to answer it.")
    if invitation.invited_by_id == user.pk:
        raise InvitationError("You cannot accept your own invitation.")
    profile = network_services.ensure_profile(user=user)
    _answer(invitation, InvitationState.ACCEPTED, profile)
    page = invitation.submission.page
    if page is None:
        return  # credited when the submission is sent
    has_pending_changes = page.has_unpublished_changes
    revision_page = credit_co_authors(page=page.get_latest_revision_as_object(), co_authors=[invitation])
    revision = revision_page.save_revision(user=invitation.invited_by)
    if page.live and not has_pending_changes:
        # The live version with one more credit and nothing else new: no review to wait for.
        revision.publish(user=None)  # the member cannot publish; this is not an edit to review


@transaction.atomic
def decline_invitation(*, invitation: CoAuthorInvitation) -> None:
    """The invitee says no: they are not credited, and the submitter is told."""
    _answer(invitation, InvitationState.DECLINED)


def accepted_co_authors(submission) -> list[CoAuthorInvitation]:
    """The invitations a submission's co-authors accepted, with their profiles."""
    return list(submission.invitations.filter(state=InvitationState.ACCEPTED).select_related("accepted_by"))


def credit_co_authors(*, page, co_authors) -> object:
    """Add each accepted co-author to a page's contributors (in memory), linked to their profile, once."""
    contributors = list(page.contributors.all())
    credited = {c.profile_id for c in contributors if c.profile_id}
    for invitation in co_authors:
        profile = invitation.accepted_by
        if profile is None or profile.pk in credited:
            continue
        contributors.append(
            CaseStudyContributor(
                name=profile.display_name,
                role=invitation.role,
                contribution="Co-author.",
                profile=profile,
                sort_order=len(contributors),
            )
        )
        credited.add(profile.pk)
    for position, contributor in enumerate(contributors):
        contributor.sort_order = position
    page.contributors = contributors
    return page
