"""The practitioner directory: facets, text search, pagination, a bounded number of queries."""

import pytest
from django.urls import reverse

from portal.network.selectors import PRACTITIONERS_PER_PAGE
from portal.network.services import suspend_account
from tests.conftest import queries_for
from tests.network.factories import PractitionerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(london, wales, health, housing, reciprocity, assets):
    return {
        "ada": PractitionerProfileFactory(
            display_name="Ada Lovelace",
            headline="Designs repairs services with tenants",
            roles=["service-designer"],
            region=london,
            service_areas=[housing],
            principles=[reciprocity],
            open_to=["mentoring"],
        ),
        "bryn": PractitionerProfileFactory(
            display_name="Bryn Jones",
            headline="Peer supporter in community mental health",
            roles=["citizen", "carer"],
            region=wales,
            service_areas=[health],
            principles=[assets],
            open_to=["speaking", "site-visits"],
        ),
    }


def names(response):
    return [person.display_name for person in response.context["practitioners"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=service-designer", ["Ada Lovelace"]),
        ("role=carer", ["Bryn Jones"]),
        ("role=carer&role=service-designer", ["Ada Lovelace", "Bryn Jones"]),
        ("region=wales", ["Bryn Jones"]),
        ("service_area=housing", ["Ada Lovelace"]),
        ("principle=assets", ["Bryn Jones"]),
        ("open_to=mentoring", ["Ada Lovelace"]),
        ("open_to=speaking&region=london", []),
        ("q=lovelace", ["Ada Lovelace"]),
        ("q=mental+health", ["Bryn Jones"]),
        ("role=not-a-role", ["Ada Lovelace", "Bryn Jones"]),
    ],
)
def test_directory_filters(client, people, query, expected):
    response = client.get(f"{reverse('network:directory')}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_suspended_practitioners_are_not_listed(client, people):
    suspend_account(profile=people["ada"])
    assert names(client.get(reverse("network:directory"))) == ["Bryn Jones"]


def test_the_directory_is_paginated(client, db):
    PractitionerProfileFactory.create_batch(PRACTITIONERS_PER_PAGE + 3)
    first = client.get(reverse("network:directory"))
    second = client.get(reverse("network:directory") + "?page=2")
    assert len(first.context["practitioners"]) == PRACTITIONERS_PER_PAGE
    assert len(second.context["practitioners"]) == 3
    assert "Page 1 of 2" in first.content.decode()


def test_the_directory_needs_the_same_queries_for_a_full_page(client, people, health, reciprocity):
    def grow(count):
        PractitionerProfileFactory.create_batch(
            count, roles=["citizen"], service_areas=[health], principles=[reciprocity]
        )

    client.force_login(people["ada"].user)  # shares a principle with everyone above, so suggestions are shown
    grow(1)
    few = queries_for(client, reverse("network:directory"))

    grow(PRACTITIONERS_PER_PAGE)
    full = queries_for(client, reverse("network:directory"))

    assert full == few, f"{few} queries for one practitioner, {full} for a full page"
    assert client.get(reverse("network:directory")).context["suggestions"]
