"""Per-field visibility: a hidden field never reaches HTML or JSON; members-only fields only reach members."""

import pytest
from django.urls import reverse

from portal.network.models import PRIVATE_FIELDS, default_visibility
from tests.network.factories import OrganisationFactory, PractitionerProfileFactory

pytestmark = pytest.mark.django_db

SECRET_HEADLINE = "Headline-only-for-members"
HIDDEN_BIO = "Bio-that-nobody-else-may-read"


@pytest.fixture
def private_person(london, health, reciprocity):
    visibility = default_visibility() | {
        "headline": "members",
        "bio": "hidden",
        "region": "hidden",
        "organisation": "hidden",
        "service_areas": "hidden",
        "principles": "members",
        "links": "hidden",
    }
    return PractitionerProfileFactory(
        display_name="Petra Private",
        headline=SECRET_HEADLINE,
        bio=HIDDEN_BIO,
        region=london,
        organisation=OrganisationFactory(name="Secret Employer Trust"),
        service_areas=[health],
        principles=[reciprocity],
        links=["https://hidden-link.example.org/"],
        visibility=visibility,
    )


def viewers(client, member_client):
    return {"anonymous": client, "member": member_client}


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_hidden_fields_never_appear_in_the_profile_page_or_its_json(viewer, client, member_client, private_person):
    browser = viewers(client, member_client)[viewer]
    html = browser.get(private_person.get_absolute_url()).content.decode()
    data = browser.get(reverse("network:profile_json", args=[private_person.slug])).content.decode()
    for page in (html, data):
        assert "Petra Private" in page
        assert HIDDEN_BIO not in page
        assert "London" not in page
        assert "Secret Employer Trust" not in page
        assert "Health" not in page
        assert "hidden-link.example.org" not in page
        assert private_person.user.email not in page


def test_members_only_fields_reach_members_and_not_anonymous_visitors(client, member_client, private_person):
    url = private_person.get_absolute_url()
    json_url = reverse("network:profile_json", args=[private_person.slug])
    assert SECRET_HEADLINE not in client.get(url).content.decode()
    assert "headline" not in client.get(json_url).json()
    assert "principles" not in client.get(json_url).json()
    assert SECRET_HEADLINE in member_client.get(url).content.decode()
    assert member_client.get(json_url).json()["headline"] == SECRET_HEADLINE
    assert member_client.get(json_url).json()["principles"][0]["slug"] == "reciprocity"


def test_the_owner_sees_every_field_of_their_own_profile(client, private_person):
    client.force_login(private_person.user)
    data = client.get(reverse("network:profile_json", args=[private_person.slug])).json()
    assert data["bio"] == HIDDEN_BIO
    assert data["region"]["slug"] == "london"


def test_the_email_address_is_never_shown_even_with_everything_public(client, member_client):
    person = PractitionerProfileFactory(visibility={name: "everyone" for name in PRIVATE_FIELDS})
    for browser in (client, member_client):
        assert person.user.email not in browser.get(person.get_absolute_url()).content.decode()
        assert (
            person.user.email not in browser.get(reverse("network:profile_json", args=[person.slug])).content.decode()
        )
        assert person.user.email not in browser.get(reverse("network:directory")).content.decode()


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_filters_never_reveal_a_hidden_value(viewer, client, member_client, private_person):
    browser = viewers(client, member_client)[viewer]
    for query in ("region=london", "service_area=health"):
        html = browser.get(f"{reverse('network:directory')}?{query}").content.decode()
        assert "Petra Private" not in html


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_hidden_fields_never_reach_the_graph(viewer, client, member_client, private_person):
    browser = viewers(client, member_client)[viewer]
    graph = browser.get(reverse("network:graph_json") + f"?member={private_person.slug}").json()
    node = next(n for n in graph["nodes"] if n["label"] == "Petra Private")
    assert node["region"] is None
    assert not [e for e in graph["edges"] if e["source"] == node["id"] and e["type"] == "works_at"]
    in_london = browser.get(reverse("network:graph_json") + "?region=london").json()
    assert "Petra Private" not in [n["label"] for n in in_london["nodes"]]
    summary = browser.get(reverse("network:graph_json")).json()
    assert all(n["practitioners"] == 0 for n in summary["nodes"] if n["label"] in ("London", "Health"))


def test_a_hidden_organisation_does_not_list_the_person_on_its_page(client, private_person):
    html = client.get(private_person.organisation.get_absolute_url()).content.decode()
    assert "Petra Private" not in html
