"""Moderators see blocks and mutes only in aggregate (Reports → Blocks and mutes): how many distinct members
keep away from someone and the recent trend, never who blocked or muted whom."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.network import selectors, services
from portal.network.models import MemberBlock, PractitionerProfile
from tests.discussions.conftest import moderator  # noqa: F401  (the Moderators group with a second factor)
from tests.network.test_contact_and_blocks import member

pytestmark = pytest.mark.django_db

REPORT = "network_keep_away_report"


@pytest.fixture
def target():
    return member("Tess Target")


@pytest.fixture
def blockers(target):
    people = [member(f"Bea Blocker {n}") for n in range(3)]
    for person in people:
        services.block_member(user=person, other=target)
    services.mute_member(user=people[0], other=target)
    return people


def test_members_are_ranked_by_how_many_members_block_or_mute_them(target, blockers):
    MemberBlock.objects.filter(blocker=blockers[2]).update(created_at=timezone.now() - timedelta(days=40))
    other = member("Olly Other")
    services.mute_member(user=blockers[1], other=other)

    rows = selectors.kept_away_from()

    assert [(row["name"], row["blockers"], row["muters"]) for row in rows] == [
        ("Tess Target", 3, 1),
        ("Olly Other", 0, 1),
    ]
    assert (rows[0]["recent"], rows[0]["before"]) == (3, 1)


def test_the_report_shows_counts_and_never_who_blocked(client, moderator, target, blockers):  # noqa: F811
    client.force_login(moderator)

    profile_page = reverse("wagtailsnippets_network_practitionerprofile:edit", args=[target.profile.pk])
    pages = [client.get(reverse(REPORT)).content.decode(), client.get(profile_page).content.decode()]

    assert "Tess Target" in pages[0]
    assert "3 members" in pages[0]
    for html in pages:
        for blocker in blockers:
            profile = PractitionerProfile.objects.get(user=blocker)
            assert profile.display_name not in html
            assert profile.get_absolute_url() not in html


def test_only_moderators_open_the_report(client, target, blockers):
    client.force_login(blockers[0])

    response = client.get(reverse(REPORT))

    assert response.status_code in (302, 403)
