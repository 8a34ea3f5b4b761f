"""People you may want to meet, and what the people a member follows did lately."""

import pytest
from django.urls import reverse

from portal.network.models import Follow
from portal.network.selectors import network_activity_for, suggestions_for
from portal.network.services import suspend_account
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyContributorFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(london, health, reciprocity):
    return PractitionerProfileFactory(
        display_name="Me", region=london, service_areas=[health], principles=[reciprocity]
    )


def test_suggestions_share_principles_or_service_areas_and_put_my_region_first(me, london, wales, health, reciprocity):
    far_but_close_in_practice = PractitionerProfileFactory(
        display_name="Far", region=wales, service_areas=[health], principles=[reciprocity]
    )
    near = PractitionerProfileFactory(display_name="Near", region=london, principles=[reciprocity])
    PractitionerProfileFactory(display_name="Nothing in common", region=london)

    suggestions = suggestions_for(me.user)
    assert [person.pk for person in suggestions] == [near.pk, far_but_close_in_practice.pk]
    assert suggestions[0].same_region
    assert suggestions[1].shared == 2


def test_suggestions_leave_out_people_already_followed_suspended_or_myself(me, reciprocity):
    followed = PractitionerProfileFactory(principles=[reciprocity])
    suspended = PractitionerProfileFactory(principles=[reciprocity])
    Follow.objects.create(follower=me, followed=followed)
    suspend_account(profile=suspended)
    assert suggestions_for(me.user) == []


def test_a_suggestion_never_carries_a_hidden_field(me, reciprocity):
    PractitionerProfileFactory(headline="Secret headline", principles=[reciprocity], visibility={"headline": "hidden"})
    (suggestion,) = suggestions_for(me.user)
    assert suggestion.headline == ""


def test_a_hidden_principle_is_not_used_to_suggest_someone(me, reciprocity):
    visibility = {"principles": "hidden"}
    PractitionerProfileFactory(principles=[reciprocity], visibility=visibility)
    assert suggestions_for(me.user) == []


def test_the_directory_shows_suggestions_to_members_only(client, me, reciprocity):
    PractitionerProfileFactory(display_name="Kindred Spirit", principles=[reciprocity])
    assert "People you may want to meet" not in client.get(reverse("network:directory")).content.decode()
    client.force_login(me.user)
    html = client.get(reverse("network:directory")).content.decode()
    assert "People you may want to meet" in html
    assert "Kindred Spirit" in html.split("People you may want to meet")[1].split("</section>")[0]


def test_activity_lists_new_case_studies_by_people_i_follow(me):
    followed = PractitionerProfileFactory()
    stranger = PractitionerProfileFactory()
    Follow.objects.create(follower=me, followed=followed)
    theirs = CaseStudyPageFactory(title="Followed person's work")
    CaseStudyContributorFactory(page=theirs, profile=followed)
    CaseStudyContributorFactory(page=CaseStudyPageFactory(title="A stranger's work"), profile=stranger)

    activity = network_activity_for(me.user)

    assert [case_study.title for case_study in activity["case_studies"]] == ["Followed person's work"]
    assert activity["follows_anyone"]


def test_activity_is_empty_for_anonymous_visitors(client):
    from django.contrib.auth.models import AnonymousUser

    assert network_activity_for(AnonymousUser()) == {"case_studies": [], "follows_anyone": False}


def test_sharing_only_a_principle_is_enough_when_i_chose_no_service_area(reciprocity):
    me = PractitionerProfileFactory(principles=[reciprocity])
    kindred = PractitionerProfileFactory(principles=[reciprocity])
    assert [person.pk for person in suggestions_for(me.user)] == [kindred.pk]
