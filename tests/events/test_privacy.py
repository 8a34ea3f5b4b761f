"""A private group's events never reach outsiders: listing, month view, page, files, feeds, home, notices."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.events import notifications, selectors, services
from portal.notifications.models import Notification
from tests.events.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_tree):
    return site_tree


def pages(event) -> list[str]:
    month = timezone.localtime(event.starts_at)
    return [
        reverse("events:list"),
        reverse("events:month", args=[month.year, month.month]),
        reverse("events:portal_ics"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_outsiders_see_nothing_of_a_private_groups_event(client, who, member, private_event):
    if who == "outsider":
        client.force_login(member)

    for url in pages(private_event):
        response = client.get(url)
        assert response.status_code == 200
        assert "Circle supper" not in response.content.decode()
    for url in (private_event.get_absolute_url(), reverse("events:ics", args=[private_event.slug])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("events:register", args=[private_event.slug])).status_code == 404


def test_members_of_the_group_see_and_register(client, member, private_event):
    MembershipFactory(group=private_event.group, user=member)
    client.force_login(member)

    assert "Circle supper" in client.get(reverse("events:list")).text
    assert client.post(reverse("events:register", args=[private_event.slug])).status_code == 302


def test_the_home_page_block_leaves_private_events_out(member, private_event):
    assert selectors.upcoming_events(None) == []
    assert selectors.upcoming_events(member) == []


def test_notices_of_a_private_groups_new_event_go_to_its_members_only(member, other_member, organiser, private_group):
    MembershipFactory(group=private_group, user=member)
    start = timezone.now() + timedelta(days=3)

    services.create_event(
        created_by=organiser,
        group=private_group,
        title="Circle walk",
        summary="A walk and a talk.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )

    told = set(Notification.objects.filter(kind=notifications.NEW_IN_GROUP).values_list("recipient_id", flat=True))
    assert told == {member.pk}


def test_the_sitemap_lists_public_events_only(client, private_event):
    from tests.events.factories import EventFactory

    EventFactory(slug="open-evening")

    body = client.get("/sitemap.xml").content.decode()

    assert "/events/open-evening/" in body
    assert private_event.slug not in body


def test_a_group_pages_events_are_empty_for_outsiders(member, organiser, private_event):
    assert selectors.group_events(private_event.group, member) == {"upcoming": [], "past": []}
    assert selectors.group_events(private_event.group, organiser)["upcoming"] == [private_event]
