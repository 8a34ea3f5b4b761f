"""A group's page lists its events through the section events registers with groups."""

import pytest

from tests.events.factories import EventFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_tree):
    return site_tree


def test_an_open_groups_page_lists_its_next_event_for_everyone(client):
    group = GroupFactory(name="Riverside co-producers")
    EventFactory(title="Riverside spring meet-up", group=group)

    page = client.get(group.get_absolute_url())

    assert page.status_code == 200
    assert "Riverside spring meet-up" in page.text


def test_a_private_groups_page_lists_its_events_to_members_and_offers_organisers_to_add_one(
    client, member, organiser, private_event
):
    MembershipFactory(group=private_event.group, user=member)
    client.force_login(member)
    page = client.get(private_event.group.get_absolute_url())
    assert "Circle supper" in page.text
    assert "Add an event" not in page.text

    client.force_login(organiser)
    assert "Add an event" in client.get(private_event.group.get_absolute_url()).text
