"""Profiles in the review queue ("Report this profile"), and suspensions kept on the profile (registered
from apps.py ready())."""

from django.utils import timezone

from portal.moderation import registry
from portal.network.models import PractitionerProfile

PROFILE_QUEUE_KIND = "network.profile"


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


def _on_lift(user) -> None:
    PractitionerProfile.objects.filter(user=user).update(suspended_at=None, suspension_reason="")


def register() -> None:
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
