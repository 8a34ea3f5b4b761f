"""Profiles in the review queue ("Report this profile"), and suspensions kept on the profile (registered
from apps.py ready())."""

from django.utils import timezone

from portal import page_cache
from portal.moderation import registry
from portal.network.models import ContactMessage, Organisation, OrganisationReview, PractitionerProfile

PROFILE_QUEUE_KIND = "network.profile"
ORGANISATION_QUEUE_KIND = "network.organisation"
CONTACT_QUEUE_KIND = "network.contactmessage"


def _describe(profile: PractitionerProfile) -> dict:
    context = [("Name", profile.display_name)]
    if profile.headline:
        context.append(("Headline", profile.headline))
    if profile.links:
        context.append(("Links", "\n".join(str(link) for link in profile.links)))
    return {"heading": f"Profile: {profile.display_name}", "context": context, "text": profile.bio}


def _remove(profile: PractitionerProfile, moderator) -> None:
    from portal.network import services

    services.clear_profile_text(profile=profile)


def _reportable(profile_id) -> PractitionerProfile | None:
    from portal.network import selectors

    try:
        return selectors.active_profiles().filter(pk=int(profile_id)).first()
    except (TypeError, ValueError):
        return None


def _on_suspend(user, reason: str) -> None:
    PractitionerProfile.objects.filter(user=user).update(suspended_at=timezone.now(), suspension_reason=reason[:250])
    page_cache.content_changed()  # update() sends no signal


def _on_lift(user) -> None:
    PractitionerProfile.objects.filter(user=user).update(suspended_at=None, suspension_reason="")
    page_cache.content_changed()


def _describe_organisation(organisation: Organisation) -> dict:
    context = [("Name", organisation.name), ("Kind", organisation.kind.name if organisation.kind_id else "")]
    if organisation.region_id:
        context.append(("Region", organisation.region.name))
    if organisation.website:
        context.append(("Website", organisation.website))
    return {"heading": f"Proposed organisation: {organisation.name}", "context": context, "text": ""}


def _organisation_link(organisation: Organisation) -> str:
    from django.urls import reverse

    # Not listed on the site until approved: the editors' form shows it whole.
    return reverse("wagtailsnippets_network_organisation:edit", args=[organisation.pk])


def _set_review(state: str):
    def decide(organisation: Organisation, moderator) -> None:
        from portal.moderation.selectors import reason_given
        from portal.network import services

        if organisation.review_state == OrganisationReview.PROPOSED:
            reason, note = reason_given(organisation) if state == OrganisationReview.DECLINED else ("", "")
            services.review_organisation(
                organisation=organisation, state=state, editor=moderator, reason=reason, note=note
            )

    return decide


def queue_proposed_organisation(organisation: Organisation) -> None:
    """An organisation a member proposed waits for an editor in the review queue."""
    from portal.moderation import services as moderation
    from portal.moderation.models import Reason

    moderation.enqueue(
        kind=ORGANISATION_QUEUE_KIND, obj=organisation, reason=Reason.PROPOSAL, reporter=organisation.proposed_by
    )


def _describe_contact(contact: ContactMessage) -> dict:
    from portal.notifications.site import display_name

    context = [
        ("From", display_name(contact.sender)),
        ("To", display_name(contact.recipient)),
        ("Sent", f"{contact.created_at:%d %b %Y, %H:%M}"),
    ]
    return {"heading": f"Message from {display_name(contact.sender)}", "context": context, "text": contact.message}


def _remove_contact(contact: ContactMessage, moderator) -> None:
    # Already delivered by email; what is kept in the portal goes (the report stays as the record).
    ContactMessage.objects.filter(pk=contact.pk).update(message="")


def _reportable_contact(message_id) -> ContactMessage | None:
    try:
        return ContactMessage.objects.select_related("sender", "recipient").filter(pk=int(message_id)).first()
    except (TypeError, ValueError):
        return None


def register() -> None:
    registry.register(
        registry.QueueKind(
            name=CONTACT_QUEUE_KIND,
            label="Contact message",
            model="network.contactmessage",
            describe=_describe_contact,
            link=lambda contact: "",  # a private message has no public place
            author=lambda contact: contact.sender,
            approve=lambda contact, moderator: None,
            remove=_remove_contact,
            reportable=_reportable_contact,
            approve_label="Approve: the message is fine",
            remove_label="Remove the message's text",
        )
    )
    registry.register(
        registry.QueueKind(
            name=ORGANISATION_QUEUE_KIND,
            label="Proposed organisation",
            model="network.organisation",
            describe=_describe_organisation,
            link=_organisation_link,
            author=lambda organisation: organisation.proposed_by,
            approve=_set_review(OrganisationReview.APPROVED),
            remove=_set_review(OrganisationReview.DECLINED),
            dismiss=None,
            approve_label="Approve: list the organisation",
            remove_label="Decline the organisation",
            tells_author=False,
        )
    )
    registry.register(
        registry.QueueKind(
            name=PROFILE_QUEUE_KIND,
            label="Profile",
            model="network.practitionerprofile",
            describe=_describe,
            link=lambda profile: profile.get_absolute_url(),
            author=lambda profile: profile.user,
            approve=lambda profile, moderator: None,
            remove=_remove,
            reportable=_reportable,
            approve_label="Approve: the profile is fine",
            remove_label="Remove the profile's text, picture and links",
        )
    )
    registry.register_suspension_handler(suspend=_on_suspend, lift=_on_lift)
