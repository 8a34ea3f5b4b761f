"""Reads of events: what a member may see (the groups' privacy rule), listings, the month view, attendees."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.events.models import (
    AttendeeVisibility,
    CalendarToken,
    Event,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationState,
)
from portal.groups import selectors as groups
from portal.groups.models import Group, GroupStatus, Membership, MembershipState, Role

PAGE_SIZE = 20


def visible_events(user):
    """Events the user may see: those without a group, and those of groups whose insides they may see."""
    return (
        Event.objects.exclude(group_id__in=groups.private_group_ids_hidden_from(user))
        .select_related("group", "region")
        .annotate(registered_count=Count("registrations", filter=Q(registrations__state=RegistrationState.REGISTERED)))
    )


def public_events():
    """Events anyone may see (the portal's feed, search, the home page)."""
    return visible_events(None)


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"  # upcoming | past
    region: str = ""  # a region's slug
    group: str = ""  # a group's slug
    attendance: str = ""  # "" | online | in_person (hybrid events count as both)


def events_for(filters: EventFilters, user):
    """The listing: visible events matching the filters, soonest first when upcoming, latest first when past."""
    now = timezone.now()
    events = visible_events(user)
    if filters.when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if filters.region:
        in_group_region = Q(region__isnull=True, group__region__slug=filters.region)
        events = events.filter(Q(region__slug=filters.region) | in_group_region)
    if filters.group:
        events = events.filter(group__slug=filters.group)
    if filters.attendance == "online":
        events = events.filter(format__in=[EventFormat.ONLINE, EventFormat.HYBRID])
    elif filters.attendance == "in_person":
        events = events.filter(format__in=[EventFormat.IN_PERSON, EventFormat.HYBRID])
    return events


def upcoming_events(user=None, limit: int = 3) -> list[Event]:
    """The next few scheduled events the user may see (the home page's block)."""
    events = visible_events(user).filter(ends_at__gt=timezone.now(), status=EventStatus.SCHEDULED)
    return list(events.order_by("starts_at", "pk")[:limit])


def group_events(group: Group, user, limit: int = 5) -> dict:
    """A group page's events: the next and the latest few, empty for someone who may not see inside the group."""
    if not groups.can_see_inside(group, user):
        return {"upcoming": [], "past": []}
    events = visible_events(user).filter(group=group)
    now = timezone.now()
    return {
        "upcoming": list(events.filter(ends_at__gt=now).order_by("starts_at", "pk")[:limit]),
        "past": list(events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:limit]),
    }


def filter_options(user) -> dict:
    """Regions and groups the listing's filters offer."""
    from portal.taxonomy.selectors import all_regions

    return {"regions": all_regions(), "groups": list(groups.visible_groups(user).order_by("name"))}


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list


def month_weeks(year: int, month: int, user, zone) -> list[list[Day]]:
    """The weeks (Monday first) of a month, each day with the visible events starting on it in `zone`."""
    cal = calendar.Calendar(firstweekday=0)
    weeks = cal.monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    by_day: dict[date, list] = {}
    for event in visible_events(user).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk"):
        by_day.setdefault(timezone.localtime(event.starts_at, zone).date(), []).append(event)
    today = timezone.localdate(timezone=zone)
    return [[Day(day, day.month == month, day == today, by_day.get(day, [])) for day in week] for week in weeks]


def event_for(slug: str, user) -> Event:
    """The event at this address if the user may see it; 404 otherwise (a private group's event stays unknown)."""
    event = visible_events(user).filter(slug=slug).first()
    if event is None:
        raise Http404("No such event")
    return event


def registration_of(event: Event, user) -> Registration | None:
    """The member's live registration (registered or waiting) for the event, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).exclude(state=RegistrationState.CANCELLED).first()


def waiting_place(registration: Registration) -> int:
    """Where a waiting member stands in the queue (1 is next)."""
    return Registration.objects.filter(
        event_id=registration.event_id, state=RegistrationState.WAITING, position__lte=registration.position
    ).count()


def can_manage(event: Event, user) -> bool:
    """Organisers of the event or of its group, and editors who may change events, manage it."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm("events.change_event"):
        return True
    if event.organisers.filter(pk=user.pk).exists():
        return True
    return event.group is not None and groups.is_organiser(event.group, user)


def may_see_attendees(event: Event, user, registration: Registration | None) -> bool:
    """Organisers always; people registered too when the event says so."""
    if can_manage(event, user):
        return True
    return (
        event.attendee_visibility == AttendeeVisibility.ATTENDEES
        and registration is not None
        and registration.state == RegistrationState.REGISTERED
    )


def attendees(event: Event, state: str = RegistrationState.REGISTERED):
    """Registrations of one state, in order (the waiting list by position), with the members' profiles."""
    registrations = Registration.objects.filter(event=event, state=state).select_related("user", "user__profile")
    if state == RegistrationState.WAITING:
        return registrations.order_by("position", "pk")
    return registrations.order_by("created_at", "pk")


def registered_count(event: Event) -> int:
    return Registration.objects.filter(event=event, state=RegistrationState.REGISTERED).count()


def groups_organised_by(user):
    """Active groups the member organises (where they may add events from the site)."""
    if user is None or not user.is_authenticated:
        return Group.objects.none()
    return groups.visible_groups(user).filter(
        memberships__user=user, memberships__role=Role.ORGANISER, memberships__state=MembershipState.ACTIVE
    )


def groups_for_editors():
    """Every active group, for editors choosing where an event belongs."""
    return Group.objects.filter(status=GroupStatus.ACTIVE)


def groups_of(user):
    """Active groups the member belongs to."""
    return groups.visible_groups(user).filter(memberships__user=user, memberships__state=MembershipState.ACTIVE)


def group_member_ids(group: Group) -> list[int]:
    """Ids of the active members of a group (told of its new events)."""
    return list(Membership.objects.filter(group=group, state=MembershipState.ACTIVE).values_list("user_id", flat=True))


def group_url(group: Group | None) -> str:
    """The group's page, or the events listing filtered to it while the groups app has no pages."""
    if group is None:
        return ""
    try:
        return group.get_absolute_url()
    except NoReverseMatch:
        return f"{reverse('events:list')}?group={group.slug}"


def follower_ids(user_ids) -> list[int]:
    """Members who follow any of these members (told of the events they organise)."""
    from portal.network.models import Follow

    return list(
        Follow.objects.filter(followed__user_id__in=list(user_ids))
        .values_list("follower__user_id", flat=True)
        .distinct()
    )


def group_by_slug(slug: str, user) -> Group:
    """A group the user may see listed; 404 otherwise."""
    group = groups.visible_groups(user).filter(slug=slug).first()
    if group is None:
        raise Http404("No such group")
    return group


def calendar_owner(token: str):
    """The member whose calendar token this is, or None."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    return found.user if found is not None and found.user.is_active else None


def personal_calendar_events(user):
    """A member's own calendar: events they registered or wait for, and scheduled events of their groups."""
    holding = [RegistrationState.REGISTERED, RegistrationState.WAITING]
    own = Q(registrations__user=user, registrations__state__in=holding)
    in_groups = Q(group__memberships__user=user, group__memberships__state=MembershipState.ACTIVE)
    return (
        visible_events(user)
        .filter(own | in_groups)
        .filter(ends_at__gt=timezone.now() - timedelta(days=90))
        .distinct()
        .order_by("starts_at", "pk")
    )


def registered_event_ids(user, events) -> set[int]:
    """Which of these events the member holds a place at (their calendar shows those events' joining links)."""
    return set(
        Registration.objects.filter(
            user=user, state=RegistrationState.REGISTERED, event__in=[event.pk for event in events]
        ).values_list("event_id", flat=True)
    )


def feed_events(*, group: Group | None = None, user=None):
    """Events for a subscribable feed: the portal's public ones, or one group's, recent and coming."""
    events = visible_events(user).filter(ends_at__gt=timezone.now() - timedelta(days=90))
    if group is not None:
        events = events.filter(group=group)
    return events.order_by("starts_at", "pk")


def reminders_due(now: datetime):
    """Registrations whose scheduled event starts within the next 24 hours."""
    return Registration.objects.filter(
        state=RegistrationState.REGISTERED,
        event__status=EventStatus.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(hours=24),
    ).select_related("event", "user")
