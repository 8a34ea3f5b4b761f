"""What changes events: creating and editing them, registering and cancelling, reminders, calendar tokens."""

import json
import zoneinfo
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify

from portal.events import notifications, selectors
from portal.events.models import CalendarToken, Event, EventStatus, Registration, RegistrationState, new_token
from portal.groups import selectors as groups
from portal.links import absolute_url
from portal.notifications.services import notify
from portal.notifications.site import display_name


class RegistrationRefused(Exception):
    """Registration is not possible (cancelled, finished, a private group's event); the message says why."""


# Fields whose change calendars and registered members should hear about.
TIME_AND_PLACE = ("starts_at", "ends_at", "time_zone", "format", "venue_name", "venue_address", "joining_url")


def time_and_place(event: Event) -> dict:
    """What registered members are told about when it changes."""
    return {name: getattr(event, name) for name in TIME_AND_PLACE}


def when_text(event: Event) -> str:
    """The event's start in words, in its own time zone: "Tuesday 8 December 2026 at 18:30 (Europe/London)"."""
    start = event.local_start
    return f"{format_date(start, 'l j F Y')} at {format_date(start, 'H:i')} ({event.time_zone.replace('_', ' ')})"


def _where_text(event: Event) -> str:
    if event.is_online and not event.has_venue:
        return "Online"
    return event.venue_name and f"At {event.venue_name}"


def _notice_context(event: Event) -> dict:
    return {"event": event.title, "starts": when_text(event), "where": _where_text(event), "summary": event.summary}


def _locked(event: Event) -> Event:
    # Every change to an event's places takes this row lock first: registrations of one event queue here.
    return Event.objects.select_for_update().get(pk=event.pk)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "event"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_event(*, created_by, group=None, organisers=(), **fields) -> Event:
    """Create an event (its creator organises it); members of its group hear of it."""
    event = Event(created_by=created_by, group=group, **fields)
    if not event.slug:
        event.slug = _unique_slug(event.title)
    event.full_clean()
    event.save()
    event.organisers.add(*(organisers or [user for user in [created_by] if user is not None]))
    event.save_revision(user=created_by, log_action=True)
    announce(event=event, actor=created_by)
    return event


def announce(*, event: Event, actor) -> None:
    """Tell of a new, coming event, once: its group's members, and, when anyone may see it, the followers
    of its organisers (never outsiders of a private group)."""
    if event.status != EventStatus.SCHEDULED or event.is_past:
        return
    members = selectors.group_member_ids(event.group) if event.group is not None else []
    if members:
        notify(
            kind=notifications.NEW_IN_GROUP,
            recipients=_users(members),
            target_url=event.get_absolute_url(),
            context={**_notice_context(event), "group": event.group.name},
            actor=actor,
            dedupe_key=f"events.new:{event.pk}",
        )
    if event.group is not None and not event.group.is_public:
        return
    organisers = list(event.organisers.all())
    followers = set(selectors.follower_ids(user.pk for user in organisers)) - set(members)
    if organisers and followers:
        notify(
            kind=notifications.NEW_BY_FOLLOWED,
            recipients=_users(followers),
            target_url=event.get_absolute_url(),
            context={**_notice_context(event), "organiser": display_name(organisers[0])},
            actor=actor,
            dedupe_key=f"events.new:{event.pk}",
        )


def _users(ids):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=list(ids), is_active=True)


@transaction.atomic
def update_event(*, event: Event, editor, **fields) -> Event:
    """Change an event: refuse a capacity below the places taken, raise its SEQUENCE, tell those registered
    when the time or place moved, and give freed places to the waiting list."""
    locked = _locked(event)
    before = time_and_place(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    taken = selectors.registered_count(locked)
    if locked.capacity is not None and locked.capacity < taken:
        raise ValidationError({"capacity": f"{taken} people are registered: the capacity cannot be lower than that."})
    locked.full_clean()
    locked.has_ended = locked.is_past  # moved to a later date: the hourly job marks it again when it ends
    locked.sequence = F("sequence") + 1
    locked.save()
    locked.refresh_from_db()
    locked.save_revision(user=editor, log_action=True)
    _fill_places(locked)
    _tell_if_moved(locked, before)
    return locked


def _tell_if_moved(event: Event, before: dict | None) -> None:
    if before is not None and not event.is_cancelled and time_and_place(event) != before:
        key = f"events.changed:{event.pk}:{event.sequence}"
        _tell_registered(event, kind=notifications.CHANGED, dedupe_key=key)


@transaction.atomic
def record_admin_edit(*, event: Event, editor, was_cancelled: bool, time_and_place_before: dict | None = None) -> Event:
    """After an editor saved the event in the admin: raise its SEQUENCE, tell of a cancellation, fill new places."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
    locked = _locked(event)
    if locked.is_cancelled and not was_cancelled:
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at"])
        _tell_registered(locked, kind=notifications.CANCELLED, dedupe_key=f"events.cancelled:{locked.pk}", waiting=True)
    locked.has_ended = locked.is_past
    locked.save(update_fields=["has_ended"])
    _fill_places(locked)
    _tell_if_moved(locked, time_and_place_before)
    return locked


@transaction.atomic
def cancel_event(*, event: Event, cancelled_by) -> Event:
    """Cancel an event: it refuses new registrations, and everyone registered or waiting is told (once)."""
    locked = _locked(event)
    if locked.is_cancelled:
        return locked
    locked.status = EventStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.sequence = F("sequence") + 1
    locked.save()
    locked.refresh_from_db()
    locked.save_revision(user=cancelled_by, log_action=True)
    key = f"events.cancelled:{locked.pk}"
    _tell_registered(locked, kind=notifications.CANCELLED, dedupe_key=key, waiting=True, actor=cancelled_by)
    return locked


def _tell_registered(event: Event, *, kind: str, dedupe_key: str, waiting: bool = False, actor=None) -> None:
    states = [RegistrationState.REGISTERED, RegistrationState.WAITING] if waiting else [RegistrationState.REGISTERED]
    user_ids = Registration.objects.filter(event=event, state__in=states).values_list("user_id", flat=True)
    notify(
        kind=kind,
        recipients=_users(user_ids),
        target_url=event.get_absolute_url(),
        context=_notice_context(event),
        actor=actor,
        dedupe_key=dedupe_key,
    )


@transaction.atomic
def register(*, event: Event, user) -> Registration:
    """Register the member, or put them on the waiting list when the event is full; registering twice
    returns the same registration. Race-free: the event's row lock orders concurrent registrations."""
    locked = _locked(event)
    if locked.group_id is not None and not groups.can_see_inside(locked.group, user):
        raise RegistrationRefused("This event is for the group's members: join the group to register.")
    if locked.is_cancelled:
        raise RegistrationRefused("This event is cancelled: it takes no registrations.")
    if locked.is_past:
        raise RegistrationRefused("This event has finished.")
    registration = Registration.objects.filter(event=locked, user=user).first()
    if registration is not None and registration.state != RegistrationState.CANCELLED:
        return registration
    if registration is None:
        registration = Registration(event=locked, user=user)
    taken = selectors.registered_count(locked)
    if locked.capacity is None or taken < locked.capacity:
        registration.state, registration.position = RegistrationState.REGISTERED, None
    else:
        last = Registration.objects.filter(event=locked).aggregate(last=Max("position"))["last"] or 0
        registration.state, registration.position = RegistrationState.WAITING, last + 1
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The same member's other request got in first (the constraint held): theirs stands.
        return Registration.objects.get(event=locked, user=user)
    return registration


@transaction.atomic
def cancel_registration(*, event: Event, user) -> Registration | None:
    """Give up a place (or a place in the queue); a freed place goes to the first in line, who is told."""
    locked = _locked(event)
    registration = (
        Registration.objects.filter(event=locked, user=user).exclude(state=RegistrationState.CANCELLED).first()
    )
    if registration is None:
        return None
    registration.state = RegistrationState.CANCELLED
    registration.save(update_fields=["state", "updated_at"])
    _fill_places(locked)
    return registration


def _fill_places(event: Event) -> list[Registration]:
    """Promote the waiting list into free places, in order, and tell each promoted member. The caller holds the lock."""
    if event.is_cancelled or event.is_past:
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - selectors.registered_count(event)
    waiting = Registration.objects.filter(event=event, state=RegistrationState.WAITING).order_by("position", "pk")
    for registration in waiting if free is None else waiting[: max(free, 0)]:
        registration.state = RegistrationState.REGISTERED
        registration.save(update_fields=["state", "updated_at"])
        promoted.append(registration)
        notify(
            kind=notifications.PROMOTED,
            recipients=[registration.user],
            target_url=event.get_absolute_url(),
            context=_notice_context(event),
            dedupe_key=f"events.promoted:{registration.pk}:{registration.updated_at:%Y%m%d%H%M%S%f}",
        )
    return promoted


def send_reminders(*, now=None) -> int:
    """Remind members the day before each event they registered for; reruns remind nobody twice."""
    now = now or timezone.now()
    by_event: dict[int, tuple[Event, list]] = {}
    for registration in selectors.reminders_due(now):
        by_event.setdefault(registration.event_id, (registration.event, []))[1].append(registration.user)
    sent = 0
    for event, users in by_event.values():
        with transaction.atomic():
            # The start is in the key: an event moved to another day is reminded of again.
            stored = notify(
                kind=notifications.REMINDER,
                recipients=users,
                target_url=event.get_absolute_url(),
                context=_notice_context(event),
                dedupe_key=f"events.reminder:{event.pk}:{event.starts_at:%Y%m%dT%H%M}",
            )
        sent += len(stored)
    return sent


def mark_ended(*, now=None) -> int:
    """Note the events that have ended since the last run, saving each so the search index files them as past."""
    now = now or timezone.now()
    ended = 0
    for event in Event.objects.filter(has_ended=False, ends_at__lte=now):
        event.has_ended = True
        event.save(update_fields=["has_ended"])
        ended += 1
    return ended


def calendar_token_for(*, user) -> CalendarToken:
    """The member's calendar token, made the first time they ask."""
    token, _ = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def reset_calendar_token(*, user) -> CalendarToken:
    """A new secret for the member's calendar addresses: the old ones stop working at once."""
    token, _ = CalendarToken.objects.get_or_create(user=user)
    token.token = new_token()
    token.save(update_fields=["token"])
    return token


def calendar_url(path: str) -> str:
    """An absolute address for a calendar app (webcal links are made from it in templates)."""
    return absolute_url(path)


# --- demo content ------------------------------------------------------------------------------------

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "events.json"


def _ensure_demo_groups(rows: list[dict], user_named) -> dict:
    """The groups the demo events belong to, by slug; made here only if the groups' own demo has not made them."""
    from portal.groups.models import Group, Membership, Role
    from portal.taxonomy.models import Region

    found = {}
    for row in rows:
        group, _ = Group.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "access": row["access"],
                "summary": row["summary"],
                "region": Region.objects.filter(slug=row.get("region") or "").first(),
            },
        )
        for role, names in ((Role.ORGANISER, row["organisers"]), (Role.MEMBER, row["members"])):
            for user in filter(None, map(user_named, names)):
                Membership.objects.get_or_create(group=group, user=user, defaults={"role": role})
        found[group.slug] = group
    return found


def load_demo_events(*, user_named, data_file: Path = DEMO_FILE) -> int:
    """Ten demo events around today (past and coming, some full with a waiting list, one cancelled);
    events whose slug exists are left alone. Returns how many were made."""
    from portal.taxonomy.models import Region

    data = json.loads(data_file.read_text(encoding="utf-8"))
    demo_groups = _ensure_demo_groups(data["groups"], user_named)
    today = timezone.localdate()
    created = 0
    for row in data["events"]:
        if Event.objects.filter(slug=row["slug"]).exists():
            continue
        organisers = [user for user in map(user_named, row["organisers"]) if user is not None]
        zone = zoneinfo.ZoneInfo(row["time_zone"])
        day = today + timedelta(days=row["days"])
        outputs = [("notes", row["notes"])] if row.get("notes") else []
        outputs += [("link", link) for link in row.get("links", [])]
        event = create_event(
            created_by=organisers[0] if organisers else None,
            organisers=organisers,
            group=demo_groups.get(row.get("group")),
            slug=row["slug"],
            title=row["title"],
            summary=row["summary"],
            description=row.get("description", ""),
            starts_at=datetime.combine(day, time.fromisoformat(row["start"]), tzinfo=zone),
            ends_at=datetime.combine(day, time.fromisoformat(row["end"]), tzinfo=zone),
            time_zone=row["time_zone"],
            format=row["format"],
            joining_url=row.get("joining_url", ""),
            venue_name=row.get("venue_name", ""),
            venue_address=row.get("venue_address", ""),
            region=Region.objects.filter(slug=row.get("region") or "").first(),
            step_free_access=row.get("step_free_access", False),
            hearing_loop=row.get("hearing_loop", False),
            bsl_interpretation=row.get("bsl_interpretation", False),
            quiet_space=row.get("quiet_space", False),
            accessibility_notes=row.get("accessibility_notes", ""),
            capacity=row.get("capacity"),
            outputs=outputs,
        )
        if not event.is_past:
            for user in filter(None, map(user_named, row.get("registrations", []))):
                register(event=event, user=user)
        if row.get("cancelled"):
            cancel_event(event=event, cancelled_by=organisers[0] if organisers else None)
        created += 1
    return created
