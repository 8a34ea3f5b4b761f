"""Following and unfollowing: POST with CSRF, works without JavaScript."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.network.models import Follow
from tests.network.factories import PractitionerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone():
    return PractitionerProfileFactory(display_name="Sam Someone")


def test_a_member_follows_someone_with_a_plain_form_post(member_client, member, someone):
    response = member_client.post(reverse("network:follow", args=[someone.slug]))
    assert response.status_code == 302
    assert response["Location"] == someone.get_absolute_url()
    assert Follow.objects.filter(follower=member.profile, followed=someone).exists()
    page = member_client.get(someone.get_absolute_url()).content.decode()
    assert "You now follow Sam Someone." in page
    assert reverse("network:unfollow", args=[someone.slug]) in page


def test_following_twice_keeps_one_link(member_client, member, someone):
    member_client.post(reverse("network:follow", args=[someone.slug]))
    member_client.post(reverse("network:follow", args=[someone.slug]))
    assert Follow.objects.filter(follower=member.profile, followed=someone).count() == 1


def test_a_member_unfollows(member_client, member, someone):
    member_client.post(reverse("network:follow", args=[someone.slug]))
    response = member_client.post(reverse("network:unfollow", args=[someone.slug]), {"next": "/practitioners/"})
    assert response["Location"] == "/practitioners/"
    assert not Follow.objects.filter(follower=member.profile, followed=someone).exists()


def test_a_follow_without_a_csrf_token_is_refused(member, someone):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("network:follow", args=[someone.slug]))
    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_an_unfollow_without_a_csrf_token_is_refused(member, someone):
    Follow.objects.create(follower=member.profile, followed=someone)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(reverse("network:unfollow", args=[someone.slug])).status_code == 403
    assert Follow.objects.exists()


def test_a_follow_with_the_form_token_is_accepted(member, someone):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(someone.get_absolute_url())
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("network:follow", args=[someone.slug]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Follow.objects.filter(follower=member.profile, followed=someone).exists()


def test_following_by_get_is_not_allowed(member_client, someone):
    assert member_client.get(reverse("network:follow", args=[someone.slug])).status_code == 405
    assert not Follow.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client, someone):
    response = client.post(reverse("network:follow", args=[someone.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_nobody_can_follow_themselves(member_client, member):
    member_client.post(reverse("network:follow", args=[member.profile.slug]))
    assert not Follow.objects.exists()


def test_an_offsite_next_is_ignored(member_client, someone):
    response = member_client.post(reverse("network:follow", args=[someone.slug]), {"next": "https://evil.example/"})
    assert response["Location"] == someone.get_absolute_url()


def test_a_profile_shows_followers_following_and_co_authors(client, someone):
    fan = PractitionerProfileFactory(display_name="Fiona Fan")
    Follow.objects.create(follower=fan, followed=someone)
    html = client.get(someone.get_absolute_url()).content.decode()
    assert 'Followers <span class="muted">(1)</span>' in html
    assert "Fiona Fan" in html
