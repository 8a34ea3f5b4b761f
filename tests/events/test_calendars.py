"""iCalendar output, parsed back with the icalendar library: zones, SEQUENCE, STATUS, and who gets joining links."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.events import services
from tests.events.factories import EventFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/room-42"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_an_event_file_is_valid_with_its_zone(client):
    event = EventFactory(time_zone="America/New_York", format="online", joining_url=LINK)

    calendar = parse(client.get(reverse("events:ics", args=[event.slug])))

    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    (vevent,) = vevents(calendar)
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert vevent["UID"] == f"event-{event.pk}@localhost"
    assert vevent["STATUS"] == "CONFIRMED"
    assert LINK not in response_text(vevent)


def response_text(component) -> str:
    return component.to_ical().decode()


def test_a_change_raises_the_sequence_and_a_cancellation_says_cancelled(client, organiser):
    event = EventFactory(organisers=[organiser])
    services.update_event(event=event, editor=organiser, title="Renamed meet-up")
    services.cancel_event(event=event, cancelled_by=organiser)

    (vevent,) = vevents(parse(client.get(reverse("events:ics", args=[event.slug]))))

    assert vevent.decoded("SEQUENCE") == 2
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SUMMARY"] == "Renamed meet-up"


def test_the_event_file_carries_the_joining_link_only_for_a_member_registered(client, member):
    event = EventFactory(format="online", joining_url=LINK)
    services.register(event=event, user=member)
    client.force_login(member)

    (vevent,) = vevents(parse(client.get(reverse("events:ics", args=[event.slug]))))

    assert LINK in str(vevent["DESCRIPTION"])


def test_public_feeds_never_carry_joining_links(client, member):
    group = GroupFactory(name="Open online circle")
    event = EventFactory(format="online", joining_url=LINK, group=group)
    services.register(event=event, user=member)
    client.force_login(member)  # even for a registered member: the address is shared by everyone

    for url in (reverse("events:portal_ics"), reverse("events:group_ics", args=[group.slug])):
        calendar = parse(client.get(url))
        assert [str(v["SUMMARY"]) for v in vevents(calendar)] == [event.title]
        assert LINK not in calendar.to_ical().decode()


def test_the_personal_feed_has_registrations_with_links_and_the_groups_events(client, member, private_event):
    MembershipFactory(group=private_event.group, user=member)
    mine = EventFactory(title="Registered talk", format="online", joining_url=LINK)
    EventFactory(title="Someone else's talk")
    services.register(event=mine, user=member)
    token = services.calendar_token_for(user=member).token

    calendar = parse(client.get(reverse("events:personal_ics", args=[token])))

    by_title = {str(v["SUMMARY"]): v for v in vevents(calendar)}
    assert set(by_title) == {"Registered talk", "Circle supper"}
    assert LINK in str(by_title["Registered talk"]["DESCRIPTION"])
    # Not registered for the group's event: its joining link stays out even of their own calendar.
    assert "Join online" not in str(by_title["Circle supper"]["DESCRIPTION"])


def test_a_reset_token_stops_the_old_address(client, member):
    old = services.calendar_token_for(user=member).token
    new = services.reset_calendar_token(user=member).token

    assert client.get(reverse("events:personal_ics", args=[old])).status_code == 404
    assert client.get(reverse("events:personal_ics", args=[new])).status_code == 200


def test_a_private_groups_feed_answers_only_its_members_tokens(client, member, organiser, private_event):
    group = private_event.group
    outsider_token = services.calendar_token_for(user=member).token
    member_token = services.calendar_token_for(user=organiser).token

    assert client.get(reverse("events:group_ics", args=[group.slug])).status_code == 404
    assert client.get(reverse("events:group_member_ics", args=[group.slug, outsider_token])).status_code == 404
    calendar = parse(client.get(reverse("events:group_member_ics", args=[group.slug, member_token])))
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Circle supper"]


def test_an_old_event_leaves_the_feeds(client):
    start = timezone.now() - timedelta(days=200)
    EventFactory(title="Ancient history", starts_at=start, ends_at=start + timedelta(hours=1))

    assert vevents(parse(client.get(reverse("events:portal_ics")))) == []
