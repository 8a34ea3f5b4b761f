"""The kinds of notice events send through the notification centre, registered from `apps.py ready()`."""

from portal.notifications.kinds import Kind, register, register_visibility_check

REMINDER = "events.reminder"
PROMOTED = "events.promoted"
CANCELLED = "events.cancelled"
CHANGED = "events.changed"
NEW_IN_GROUP = "events.new_in_group"
NEW_BY_FOLLOWED = "events.new_by_followed"


def register_kinds() -> None:
    """What members hear about events they registered for, and about new events in their groups."""
    for kind in (
        Kind(
            name=REMINDER,
            label="Reminders of events you registered for",
            description="The day before an event you registered for.",
            default_delivery="immediate",
            title="Coming up: {{ event }}",
            text="{{ event }} starts {{ starts }}.{% if where %} {{ where }}.{% endif %}",
        ),
        Kind(
            name=PROMOTED,
            label="A place for you at an event",
            description="When a place opens up at an event whose waiting list you are on.",
            default_delivery="immediate",
            title="You have a place at {{ event }}",
            text="A place opened up and it is yours: {{ event }}, {{ starts }}. Cancel if you can no longer come.",
        ),
        Kind(
            name=CANCELLED,
            label="Events you registered for are cancelled",
            description="When the organisers cancel an event you registered for or are waiting for.",
            default_delivery="immediate",
            title="Cancelled: {{ event }}",
            text="{{ event }}, planned for {{ starts }}, is cancelled.",
        ),
        Kind(
            name=CHANGED,
            label="Changes to events you registered for",
            description="When the time or place of an event you registered for changes.",
            default_delivery="immediate",
            title="Changed: {{ event }}",
            text="{{ event }} now starts {{ starts }}.{% if where %} {{ where }}.{% endif %}",
        ),
        Kind(
            name=NEW_IN_GROUP,
            label="New events in your groups",
            description="When an organiser adds an event to a group you belong to.",
            default_delivery="daily",
            title="New event in {{ group }}: {{ event }}",
            text="{{ starts }}. {{ summary }}",
        ),
        Kind(
            name=NEW_BY_FOLLOWED,
            label="New events by people you follow",
            description="When someone you follow organises an event anyone may join.",
            default_delivery="daily",
            title="{{ organiser }} organises {{ event }}",
            text="{{ starts }}. {{ summary }}",
        ),
    ):
        register(kind)
    register_visibility_check([NEW_IN_GROUP, NEW_BY_FOLLOWED, REMINDER], hidden_notices)


def hidden_notices(notifications) -> set[int]:
    """Ids of the event notices whose event is gone, cancelled, or in a group the member can no longer see
    (one query for the events, one per member with notices of a group's events)."""
    from portal.events.models import Event, EventStatus
    from portal.groups import selectors as groups

    def event_id(notification):
        parts = notification.dedupe_key.split(":")
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None

    notifications = list(notifications)
    ids = {event_id(notification) for notification in notifications} - {None}
    events = {row[0]: row[1:] for row in Event.objects.filter(pk__in=ids).values_list("pk", "status", "group_id")}
    hidden_groups: dict[int, set[int]] = {}
    hidden = set()
    for notification in notifications:
        status, group_id = events.get(event_id(notification), (None, None))
        if status != EventStatus.SCHEDULED:
            hidden.add(notification.pk)
        elif group_id is not None:
            member = notification.recipient_id
            if member not in hidden_groups:
                hidden_groups[member] = set(groups.private_group_ids_hidden_from(notification.recipient))
            if group_id in hidden_groups[member]:
                hidden.add(notification.pk)
    return hidden
