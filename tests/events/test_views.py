"""The event pages over HTTP: listing and filters, the month view, registering without JavaScript, organisers' tools."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.events import services
from portal.events.models import Event, RegistrationState
from portal.groups.models import Role
from tests.events.conftest import make_member
from tests.events.factories import EventFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_tree):
    return site_tree


def test_the_listing_shows_upcoming_events_and_past_ones_on_request(client):
    EventFactory(title="Coming soon")
    start = timezone.now() - timedelta(days=3)
    EventFactory(title="Long gone", starts_at=start, ends_at=start + timedelta(hours=2))

    upcoming = client.get("/events/")
    past = client.get("/events/?when=past")

    assert "Coming soon" in upcoming.text
    assert "Long gone" not in upcoming.text
    assert "Long gone" in past.text
    assert "Coming soon" not in past.text


def test_the_listing_filters_by_format_region_and_group(client):
    group = GroupFactory(name="North meet-ups")
    EventFactory(title="Online talk", format="online", joining_url="https://meet.example.org/talk")
    EventFactory(title="Hall evening", group=group)

    online = client.get("/events/?attendance=online")
    in_group = client.get("/events/?group=north-meet-ups")
    nonsense = client.get("/events/?when=tomorrow&attendance=%3Cscript%3E&region=not%20a%20slug")

    assert "Online talk" in online.text
    assert "Hall evening" not in online.text
    assert "Hall evening" in in_group.text
    assert "Online talk" not in in_group.text
    assert nonsense.status_code == 200


def test_the_month_view_places_events_on_their_day(client):
    start = timezone.make_aware(timezone.datetime(2026, 12, 8, 18, 30))
    EventFactory(title="December supper", starts_at=start, ends_at=start + timedelta(hours=2))

    response = client.get("/events/2026/12/")

    assert response.status_code == 200
    assert "December supper" in response.text
    assert "18:30 December supper" in response.text
    assert client.get("/events/2026/13/").status_code == 404


def test_a_member_registers_and_cancels_with_plain_forms(client, member):
    event = EventFactory(format="online", joining_url="https://meet.example.org/secret-room")
    client.force_login(member)

    before = client.get(event.get_absolute_url())
    registered = client.post(reverse("events:register", args=[event.slug]), follow=True)
    cancelled = client.post(reverse("events:cancel_registration", args=[event.slug]), follow=True)

    assert "secret-room" not in before.text
    assert "secret-room" in registered.text
    assert "You are registered" in registered.text
    assert "secret-room" not in cancelled.text
    assert event.registrations.get(user=member).state == RegistrationState.CANCELLED


def test_a_full_event_offers_the_waiting_list(client, member, other_member):
    event = EventFactory(capacity=1)
    services.register(event=event, user=other_member)
    client.force_login(member)

    page = client.get(event.get_absolute_url())
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)

    assert "Join the waiting list" in page.text
    assert "waiting list, number 1" in response.text


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    event = EventFactory()

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_registering_for_a_cancelled_event_says_why(client, member, organiser):
    event = EventFactory(organisers=[organiser])
    services.cancel_event(event=event, cancelled_by=organiser)
    client.force_login(member)

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 409
    assert "cancelled" in response.text


def test_organisers_download_the_attendee_list_and_others_may_not(client, member, other_member, organiser):
    event = EventFactory(organisers=[organiser], capacity=1)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)
    url = reverse("events:attendees_csv", args=[event.slug])

    client.force_login(member)
    refused = client.get(url)
    client.force_login(organiser)
    response = client.get(url)

    assert refused.status_code == 403
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Email", "State"]
    assert [row[0] for row in rows[1:]] == ["Amira Okafor", "Tom Reyes"]
    assert rows[2][2] == "On the waiting list"


def test_attendees_see_each_other_only_when_the_event_says_so(client, member, other_member):
    hidden = EventFactory(attendee_visibility="organisers")
    shown = EventFactory(attendee_visibility="attendees")
    for event in (hidden, shown):
        services.register(event=event, user=member)
        services.register(event=event, user=other_member)
    client.force_login(member)

    assert "Tom Reyes" not in client.get(hidden.get_absolute_url()).text
    assert "Tom Reyes" in client.get(shown.get_absolute_url()).text


def test_a_group_organiser_adds_an_event_from_the_site(client, organiser):
    group = GroupFactory(name="South coast circle")
    MembershipFactory(group=group, user=organiser, role=Role.ORGANISER)
    client.force_login(organiser)

    response = client.post(reverse("events:create"), event_form(group=group.pk))

    event = Event.objects.get(title="Winter gathering")
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.group == group
    assert event.local_start.hour == 18
    assert event.time_zone == "Europe/London"
    assert list(event.organisers.all()) == [organiser]


def test_a_member_who_organises_no_group_cannot_add_events(client, member):
    client.force_login(member)

    assert client.get(reverse("events:create")).status_code == 403


def event_form(**overrides) -> dict:
    data = {
        "title": "Winter gathering",
        "summary": "Soup, stories and planning for the spring.",
        "description": "",
        "start_date": "2027-01-14",
        "start_time": "18:00",
        "end_date": "",
        "end_time": "20:00",
        "time_zone": "Europe/London",
        "format": "in_person",
        "joining_url": "",
        "venue_name": "Harbour Rooms",
        "venue_address": "3 Quay Street, Saltmarsh",
        "capacity": "",
        "attendee_visibility": "organisers",
    }
    return {**data, **overrides}


@pytest.fixture
def editor_client(client, organiser):
    group = GroupFactory(name="Bad input group")
    MembershipFactory(group=group, user=organiser, role=Role.ORGANISER)
    client.force_login(organiser)
    client.group_pk = group.pk
    return client


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "17:00"}, "The event must end after it starts."),
        ({"format": "online", "joining_url": "http://meet.example.org/room"}, "must start with https://"),
        ({"start_date": "2027-03-28", "start_time": "01:30", "end_time": "03:00"}, "does not exist in Europe/London"),
        ({"start_date": "2027-10-31", "start_time": "01:30", "end_time": "03:00"}, "happens twice in Europe/London"),
    ],
    ids=["ends-before-start", "not-https", "clocks-forward", "clocks-back"],
)
def test_bad_event_input_gets_a_clear_error(editor_client, overrides, message):
    response = editor_client.post(reverse("events:create"), event_form(group=editor_client.group_pk, **overrides))

    assert response.status_code == 200
    assert message in response.text
    assert not Event.objects.exists()


def test_a_capacity_below_the_registrations_is_a_form_error(client, organiser):
    event = EventFactory(organisers=[organiser], capacity=5)
    for name in ("Ana", "Ben", "Cy"):
        services.register(event=event, user=make_member(name))
    client.force_login(organiser)
    start = event.local_start

    response = client.post(
        reverse("events:edit", args=[event.slug]),
        event_form(
            title=event.title,
            start_date=start.date().isoformat(),
            start_time="18:00",
            end_time="20:00",
            capacity="2",
        ),
    )

    assert response.status_code == 200
    assert "3 people are registered: the capacity cannot be lower than that." in response.text
    event.refresh_from_db()
    assert event.capacity == 5


def test_a_member_finds_their_private_calendar_addresses_and_can_renew_them(client, member, private_event):
    MembershipFactory(group=private_event.group, user=member)
    client.force_login(member)

    page = client.get(reverse("events:calendars"))
    old = services.calendar_token_for(user=member).token
    client.post(reverse("events:calendars"))

    assert f"webcal://localhost:8000/events/calendars/{old}.ics" in page.text
    assert f"/events/groups/{private_event.group.slug}/calendar/{old}.ics" in page.text
    assert services.calendar_token_for(user=member).token != old


def test_an_organiser_edits_and_cancels_from_the_site(client, member, organiser):
    event = EventFactory(organisers=[organiser])
    services.register(event=event, user=member)
    client.force_login(organiser)

    edit = client.get(reverse("events:edit", args=[event.slug]))
    confirm = client.get(reverse("events:cancel", args=[event.slug]))
    done = client.post(reverse("events:cancel", args=[event.slug]), {"confirm": "on"}, follow=True)

    assert edit.status_code == 200
    assert confirm.status_code == 200
    assert "This event is cancelled." in done.text
    event.refresh_from_db()
    assert event.is_cancelled


def test_only_organisers_may_edit_or_cancel(client, member):
    event = EventFactory()
    client.force_login(member)

    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403
    assert client.post(reverse("events:cancel", args=[event.slug]), {"confirm": "on"}).status_code == 403
