"""Issue 18's "done when", end to end through the pages: a member finds a regional group, joins it,
registers for its next event, takes it into their calendar, is reminded, and reads the members-only
discussion; an outsider sees nothing of a private group's content."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from portal.discussions import services as discussions
from portal.events import notifications, services
from portal.groups import services as groups
from portal.groups.models import Access, GroupKind
from portal.notifications.models import Notification
from portal.taxonomy.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_tree):
    return site_tree


@pytest.fixture
def regional_group(organiser):
    region, _ = Region.objects.get_or_create(slug="east-riding", defaults={"name": "East Riding"})
    group = groups.create_group(
        name="East Riding co-producers",
        kind=GroupKind.REGIONAL,
        access=Access.REQUEST,
        region=region,
        organisers=[organiser],
        summary="People who co-produce services across the East Riding.",
    )
    discussions.start_topic(
        forum=group.forum, author=organiser, title="Booking the library for March", body="Who can host us?"
    )
    return group


@pytest.fixture
def next_event(regional_group, organiser):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return services.create_event(
        created_by=organiser,
        group=regional_group,
        title="East Riding winter meet-up",
        summary="Stories from a year of co-produced bus timetables.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Europe/London",
        format="hybrid",
        joining_url="https://meet.example.org/east-riding",
        venue_name="Beverley Road Library",
        capacity=20,
    )


def test_a_member_joins_a_regional_group_and_goes_to_its_next_event(client, member, organiser, next_event):
    group = next_event.group
    client.force_login(member)

    listing = client.get(reverse("groups:list"), {"region": "east-riding"})
    assert group.name in listing.text

    # By request: the organiser approves, as on the members page.
    client.post(reverse("groups:join", args=[group.slug]))
    assert "Booking the library for March" not in client.get(group.get_absolute_url()).text
    membership = group.memberships.get(user=member)
    client.force_login(organiser)
    client.post(reverse("groups:member_action", args=[group.slug, membership.pk, "approve"]))
    client.force_login(member)

    page = client.get(group.get_absolute_url()).text
    assert "Booking the library for March" in page
    assert "East Riding winter meet-up" in page

    assert client.post(reverse("events:register", args=[next_event.slug])).status_code == 302
    assert "https://meet.example.org/east-riding" in client.get(next_event.get_absolute_url()).text

    calendar = Calendar.from_ical(client.get(reverse("events:ics", args=[next_event.slug])).content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "East Riding winter meet-up"
    assert vevent.decoded("DTSTART") == next_event.starts_at

    services.send_reminders(now=next_event.starts_at - timedelta(hours=23))
    services.send_reminders(now=next_event.starts_at - timedelta(hours=22))
    reminders = Notification.objects.filter(kind=notifications.REMINDER, recipient=member)
    assert reminders.count() == 1


def test_an_outsider_sees_nothing_of_a_private_groups_content(client, member, other_member, organiser):
    group = groups.create_group(name="Kinship carers' circle", access=Access.INVITE, organisers=[organiser])
    discussions.start_topic(forum=group.forum, author=organiser, title="Our respite letter", body="Draft attached.")
    start = timezone.now() + timedelta(days=5)
    services.create_event(
        created_by=organiser,
        group=group,
        title="Circle tea",
        summary="Tea.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )

    for who in (None, other_member):
        if who is not None:
            client.force_login(who)
        assert client.get(group.get_absolute_url()).status_code == 404
        for url in (reverse("groups:list"), reverse("discussions:forum_list"), reverse("events:list"), "/sitemap.xml"):
            body = client.get(url).content.decode()
            for secret in ("Kinship carers", "Our respite letter", "Circle tea"):
                assert secret not in body
