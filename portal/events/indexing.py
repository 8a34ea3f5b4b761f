"""What events expose to the search index: scheduled events everyone may see, with an upcoming/past facet.

A private group's events never reach the index; when a group's access changes, its events are reindexed
(`events_showing`), so opening or closing a group adds or removes them. The hourly `events.mark_ended` job
saves each event once it has ended, which moves it from "upcoming" to "past".
"""

from portal.events.models import Event, EventStatus
from portal.groups import selectors as groups


def indexable_events():
    return (
        Event.objects.filter(status=EventStatus.SCHEDULED)
        .exclude(group_id__in=groups.private_group_ids_hidden_from(None))
        .select_related("group", "region", "group__region")
    )


def event_document(event: Event) -> dict:
    """An event as anyone sees it: never its joining link or who registered."""
    region = event.region or (event.group.region if event.group else None)
    place = ", ".join(part for part in [event.venue_name, " ".join(event.venue_address.split())] if part)
    return {
        "kind": "event",
        "title": event.title,
        "summary": event.summary,
        "body": "\n\n".join(part for part in [event.description, place, event.accessibility_notes] if part),
        "url": event.get_absolute_url(),
        "published_at": event.starts_at,
        "suggest": event.title,
        "when": "past" if event.is_past else "upcoming",
        "region": region.slug if region else None,
        "group": event.group.slug if event.group else None,
        "format": event.format,
    }


EVENT_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0}
EVENT_FACETS = {"when": "when", "region": "region"}
EVENT_DEPENDENCIES = ("groups.Group",)


def events_showing(instance) -> list[int]:
    """Events whose documents show something of `instance` (their group: its access decides if they are indexed)."""
    from portal.groups.models import Group

    if isinstance(instance, Group):
        return list(Event.objects.filter(group=instance).values_list("pk", flat=True))
    return []


def facet_value_labels() -> dict[str, dict[str, str]]:
    return {"when": {"upcoming": "Upcoming events", "past": "Past events"}}
