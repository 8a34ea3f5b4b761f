"""The demo network loader, and editors managing profiles, organisations and suspensions in Wagtail."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.network.models import Follow, Organisation, PractitionerProfile
from portal.network.selectors import profile_named
from portal.network.services import DEMO_DIR, load_demo_network
from portal.practices.services import load_demo_principles, load_demo_taxonomies
from tests.accounts.factories import with_authenticator_app
from tests.network.factories import PractitionerProfileFactory, UserFactory
from tests.practices.factories import practice_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_taxonomies_and_principles():
    load_demo_taxonomies()
    load_demo_principles(tree=practice_tree())


def test_the_demo_network_loads_once_however_often_it_runs(demo_taxonomies_and_principles):
    first = load_demo_network(data_dir=DEMO_DIR)
    second = load_demo_network(data_dir=DEMO_DIR)

    assert first == second
    assert first["practitioners"] >= 30
    assert PractitionerProfile.objects.count() == first["practitioners"]
    assert Organisation.objects.count() >= 10
    assert Follow.objects.count() == first["follows"] > 0
    gareth = profile_named("Gareth Penhallow")
    assert gareth.slug == "gareth-penhallow"
    assert [a.slug for a in gareth.service_areas.all()] == ["waste-and-environment"]
    assert not gareth.user.has_usable_password()
    assert EmailAddress.objects.get(user=gareth.user).verified
    assert gareth.user.email.endswith("@example.org")


def test_profile_named_ignores_case_and_unknown_names(db):
    PractitionerProfileFactory(display_name="Maureen Okafor")
    assert profile_named("maureen okafor").display_name == "Maureen Okafor"
    assert profile_named("Nobody Here") is None


@pytest.fixture
def editor_client(client):
    editor = UserFactory(is_staff=True, is_superuser=True)
    with_authenticator_app(editor)  # the admin asks superusers for a second factor
    client.force_login(editor)
    return client


def test_editors_list_and_search_profiles_and_organisations(editor_client):
    PractitionerProfileFactory(display_name="Findable Person")
    response = editor_client.get(reverse("wagtailsnippets_network_practitionerprofile:list") + "?q=Findable")
    assert response.status_code == 200
    assert "Findable Person" in response.content.decode()
    assert "Suspend account" in response.content.decode()
    assert editor_client.get(reverse("wagtailsnippets_network_organisation:list")).status_code == 200


def test_an_editor_suspends_and_reinstates_an_account(editor_client):
    person = PractitionerProfileFactory()
    url = reverse("network_suspension", args=[person.pk])
    assert editor_client.get(url).status_code == 200

    editor_client.post(url, {"reason": "Posting spam"})
    person.refresh_from_db()
    assert person.is_suspended
    assert person.suspension_reason == "Posting spam"
    assert not person.user.is_active

    editor_client.post(url)
    person.refresh_from_db()
    assert not person.is_suspended
    assert person.user.is_active


def test_a_member_without_the_permission_cannot_suspend(member_client):
    person = PractitionerProfileFactory()
    response = member_client.post(reverse("network_suspension", args=[person.pk]))
    assert response.status_code in (302, 403)
    person.refresh_from_db()
    assert not person.is_suspended
