"""Editors manage events in the Wagtail admin: with revisions, and a save raises the calendar SEQUENCE."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.events import notifications, services
from portal.notifications.models import Notification
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def admin_form(event, **overrides) -> dict:
    local = timezone.localtime
    data = {
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "description": "",
        "starts_at": local(event.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": local(event.ends_at).strftime("%Y-%m-%d %H:%M"),
        "time_zone": event.time_zone,
        "format": event.format,
        "joining_url": "",
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "accessibility_notes": "",
        "capacity": "" if event.capacity is None else str(event.capacity),
        "attendee_visibility": event.attendee_visibility,
        "status": event.status,
        "outputs": streamfield([("notes", "We agreed to meet again in spring.")]),
    }
    return nested_form_data({**data, **overrides})


def test_the_admin_lists_and_opens_events(admin_client, site_tree):
    event = EventFactory(title="Admin listed event")

    listing = admin_client.get(reverse("wagtailsnippets_events_event:list"))
    edit = admin_client.get(reverse("wagtailsnippets_events_event:edit", args=[event.pk]))

    assert "Admin listed event" in listing.text
    assert edit.status_code == 200


def test_an_editor_cancelling_in_the_admin_raises_the_sequence_and_tells_those_registered(
    admin_client, site_tree, member
):
    event = EventFactory()
    services.register(event=event, user=member)

    response = admin_client.post(
        reverse("wagtailsnippets_events_event:edit", args=[event.pk]), admin_form(event, status="cancelled")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.is_cancelled
    assert event.revisions.count() == 1
    assert Notification.objects.filter(recipient=member, kind=notifications.CANCELLED).count() == 1
    assert event.outputs[0].value == "We agreed to meet again in spring."


def test_the_admin_refuses_a_capacity_below_the_registrations(admin_client, site_tree, member, other_member):
    event = EventFactory(capacity=5)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    response = admin_client.post(
        reverse("wagtailsnippets_events_event:edit", args=[event.pk]), admin_form(event, capacity="1")
    )

    assert response.status_code == 200
    assert "2 people are registered" in response.text


def test_an_editor_moving_an_event_in_the_admin_tells_those_registered(admin_client, site_tree, member):
    event = EventFactory()
    services.register(event=event, user=member)
    later = timezone.localtime(event.starts_at + timedelta(hours=2))

    admin_client.post(
        reverse("wagtailsnippets_events_event:edit", args=[event.pk]),
        admin_form(
            event,
            starts_at=later.strftime("%Y-%m-%d %H:%M"),
            ends_at=(later + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        ),
    )

    assert Notification.objects.filter(recipient=member, kind=notifications.CHANGED).count() == 1
