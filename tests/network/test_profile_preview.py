"""An owner previews their profile as a visitor and as a member sees it, through the same visibility rules."""

import pytest
from django.test import Client

from tests.network.factories import PractitionerProfileFactory


@pytest.fixture
def profile(db):
    profile = PractitionerProfileFactory(
        display_name="Ola Mensah", headline="Peer support lead", bio="Runs the carers' circle on Tuesdays."
    )
    profile.visibility = {**profile.visibility, "bio": "hidden", "headline": "members"}
    profile.save()
    return profile


@pytest.fixture
def owner(client, profile):
    client.force_login(profile.user)
    return client


def test_the_owner_sees_every_field_with_only_me_marked(owner, profile):
    body = owner.get(profile.get_absolute_url()).content.decode()

    assert "Runs the carers&#x27; circle on Tuesdays." in body
    assert "Only me" in body
    assert "Members only" in body


def test_view_as_a_visitor_hides_members_only_and_only_me_fields(owner, profile):
    body = owner.get(f"{profile.get_absolute_url()}?view_as=visitor").content.decode()

    assert "your profile as a visitor sees it" in body
    assert "Runs the carers" not in body
    assert "Peer support lead" not in body
    assert "Only me" not in body


def test_view_as_a_member_shows_members_only_fields(owner, profile):
    body = owner.get(f"{profile.get_absolute_url()}?view_as=member").content.decode()

    assert "Peer support lead" in body
    assert "Runs the carers" not in body


def test_view_as_gives_nobody_else_more_than_their_own_view(profile):
    body = Client().get(f"{profile.get_absolute_url()}?view_as=member").content.decode()

    assert "Peer support lead" not in body
    assert "Preview:" not in body


def test_the_sign_up_consent_links_to_the_terms_and_the_privacy_notice(client, db):
    body = client.get("/accounts/signup/").content.decode()

    assert '<a href="/terms/">terms of use</a>' in body
    assert '<a href="/privacy/">privacy notice</a>' in body
