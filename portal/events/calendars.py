"""iCalendar (RFC 5545) files: one event, a group's or the portal's feed, a member's own calendar.

Times are written in the event's own zone with a VTIMEZONE for each zone used. SEQUENCE rises with every
change and a cancelled event keeps its UID with STATUS:CANCELLED, so calendar apps update what they hold.
Joining links are written only into a member's own calendar, for events they hold a place at.
"""

from datetime import timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from portal.events.models import Event
from portal.links import absolute_url

PRODUCT_ID = "-//Co-production portal//Events//EN"


def uid_for(event: Event) -> str:
    return f"event-{event.pk}@{settings.PORTAL_HOST}"


def _location(event: Event) -> str:
    if event.has_venue:
        place = ", ".join(part for part in [event.venue_name, " ".join(event.venue_address.split())] if part)
        return f"{place} (and online)" if event.is_online and place else place or "Online" * event.is_online
    return "Online"


def _description(event: Event, joining_url: str) -> str:
    lines = [event.summary]
    if event.accessibility_features or event.accessibility_notes:
        access = [*event.accessibility_features, event.accessibility_notes]
        lines.append("Accessibility: " + "; ".join(part for part in access if part))
    if joining_url:
        lines.append(f"Join online: {joining_url}")
    lines.append(f"Details and registration: {absolute_url(event.get_absolute_url())}")
    return "\n\n".join(line for line in lines if line)


def _vevent(event: Event, *, with_joining_link: bool, stamp) -> icalendar.Event:
    joining_url = event.joining_url if with_joining_link and event.is_online else ""
    vevent = icalendar.Event()
    vevent.add("uid", uid_for(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    vevent.add("description", _description(event, joining_url))
    if location := _location(event):
        vevent.add("location", location)
    vevent.add("url", absolute_url(event.get_absolute_url()))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("created", event.created_at)
    vevent.add("last-modified", event.updated_at)
    if joining_url:
        vevent.add("conference", joining_url, parameters={"value": "URI", "feature": "VIDEO"})
    return vevent


def calendar_for(events, *, name: str, joining_links_for: set[int] = frozenset()) -> bytes:
    """An iCalendar file of these events; joining links only for the event ids in `joining_links_for`."""
    events = list(events)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"value": "DURATION"})
    stamp = timezone.now()
    for event in events:
        cal.add_component(_vevent(event, with_joining_link=event.pk in joining_links_for, stamp=stamp))
    if events:
        # Only the years the events need: the zone's rules from 1970 would make every file large.
        first = min(event.starts_at for event in events).date() - timedelta(days=366)
        last = max(event.ends_at for event in events).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()
