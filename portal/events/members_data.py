"""A member's part in events, for "Download my data" and "Delete my account" (portal.accounts)."""

from portal.accounts.registry import Erasure, MemberExport
from portal.events import services
from portal.events.models import Event, Registration, RegistrationState


def _when(value):
    return value.isoformat() if value else None


def export_events(user) -> MemberExport:
    registrations = Registration.objects.filter(user=user).select_related("event").order_by("pk")
    return MemberExport(
        data={
            "registrations": [
                {
                    "event": registration.event.title,
                    "url": registration.event.get_absolute_url(),
                    "starts_at": _when(registration.event.starts_at),
                    "state": registration.state,
                    "registered_at": _when(registration.created_at),
                }
                for registration in registrations
            ],
            "organised": [
                {"event": event.title, "url": event.get_absolute_url(), "starts_at": _when(event.starts_at)}
                for event in Event.objects.filter(organisers=user).order_by("pk")
            ],
            "has_calendar_address": hasattr(user, "calendar_token"),
        }
    )


def erase_events(erasure: Erasure) -> None:
    user = erasure.user
    # Given up properly first, so a place they held goes to the first in the waiting list.
    held = Registration.objects.filter(user=user).exclude(state=RegistrationState.CANCELLED).select_related("event")
    for registration in held:
        services.cancel_registration(event=registration.event, user=user)
    # The registrations, the calendar token and the organiser links go with the user row.
