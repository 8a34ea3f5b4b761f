"""Every listing page reads the database a fixed number of times, however many items it lists.

Each page is read with a few items and again with more; the two counts must be equal (a query
per item would show as a difference)."""

import itertools

import pytest

from portal.discussions import services as discussions
from portal.practices.models import CaseStudyOrganisation
from portal.search.services import rebuild_all
from tests.conftest import queries_for
from tests.discussions.conftest import make_member
from tests.discussions.factories import ForumFactory, TopicFactory
from tests.network.factories import FollowFactory, OrganisationFactory, PractitionerProfileFactory
from tests.practices.factories import (
    CaseStudyContributorFactory,
    CaseStudyPageFactory,
    ImpactMeasureFactory,
    PrincipleApplicationFactory,
    PrinciplePageFactory,
)

pytestmark = pytest.mark.django_db

FEW, MORE = 2, 6


def case_study_applying(principle):
    case_study = CaseStudyPageFactory(summary="Co-production with residents.")
    PrincipleApplicationFactory(page=case_study, principle=principle)
    case_study.tags.add(f"tag {case_study.pk}")
    return case_study


def grow_home(state, count):
    for _ in range(count):
        principle = PrinciplePageFactory()
        case_study_applying(principle)
        TopicFactory()
    return "/"


def grow_principle_index(state, count):
    for _ in range(count):
        case_study_applying(PrinciplePageFactory())
    return "/principles/"


def grow_principle(state, count):
    principle = state.setdefault("principle", PrinciplePageFactory())
    for _ in range(count):
        case_study_applying(principle)
    return principle.url


def grow_case_study_index(state, count):
    principle = state.setdefault("principle", PrinciplePageFactory())
    for _ in range(count):
        case_study_applying(principle)
    return "/case-studies/"


def grow_case_study(state, count):
    """One case study with more of everything it shows: principles, contributors, organisations,
    impact measures, tags and comments."""
    case_study = state.setdefault("case_study", CaseStudyPageFactory(summary="Co-production with residents."))
    authors = state.setdefault("authors", itertools.count())
    for _ in range(count):
        n = next(authors)
        PrincipleApplicationFactory(page=case_study, principle=PrinciplePageFactory())
        CaseStudyContributorFactory(page=case_study, profile=PractitionerProfileFactory())
        CaseStudyOrganisation.objects.create(page=case_study, organisation=OrganisationFactory())
        ImpactMeasureFactory(page=case_study)
        case_study.tags.add(f"tag {n}")
        case_study_applying(PrinciplePageFactory())  # a related case study
        discussions.post_comment(target=case_study, user=make_member(f"Reader {n}"), text=f"Point {n}")
    case_study.save_revision().publish()
    return case_study.url


def grow_case_study_index_filtered(state, count):
    principle = state.setdefault("principle", PrinciplePageFactory())
    for _ in range(count):
        case_study = case_study_applying(principle)
    return f"/case-studies/?service_area={case_study.service_area.slug}&evidence_level=2"


def grow_profile(state, count):
    profile = state.setdefault("profile", PractitionerProfileFactory(display_name="Busy Practitioner"))
    for _ in range(count):
        case_study = case_study_applying(PrinciplePageFactory())
        CaseStudyContributorFactory(page=case_study, profile=profile)
        FollowFactory(follower=profile)
        FollowFactory(followed=profile)
    return profile.get_absolute_url()


def grow_gap_map(state, count):
    for _ in range(count):
        case_study_applying(PrinciplePageFactory())
    return "/evidence/"


def grow_directory(state, count):
    PractitionerProfileFactory.create_batch(count)
    return "/practitioners/"


def grow_forum_list(state, count):
    for _ in range(count):
        TopicFactory(forum=ForumFactory())
    return "/discussions/"


def grow_forum(state, count):
    forum = state.setdefault("forum", ForumFactory())
    TopicFactory.create_batch(count, forum=forum)
    return forum.get_absolute_url()


def grow_topic(state, count):
    topic = state.setdefault("topic", TopicFactory())
    authors = state.setdefault("authors", itertools.count())
    for _ in range(count):
        n = next(authors)
        discussions.post_comment(target=topic, user=make_member(f"Member {n}"), text=f"Point {n}")
    return topic.get_absolute_url()


def grow_search(state, count):
    principle = state.setdefault("principle", PrinciplePageFactory())
    for _ in range(count):
        case_study_applying(principle)
    rebuild_all()
    return "/search/?q=co-production"


LISTINGS = {
    "home": grow_home,
    "principle-index": grow_principle_index,
    "principle": grow_principle,
    "case-study-index": grow_case_study_index,
    "case-study-index-filtered": grow_case_study_index_filtered,
    "case-study": grow_case_study,
    "profile": grow_profile,
    "gap-map": grow_gap_map,
    "directory": grow_directory,
    "forum-list": grow_forum_list,
    "forum": grow_forum,
    "topic": grow_topic,
    "search": grow_search,
}


@pytest.fixture(params=["visitor", "member"])
def reader(request, client):
    if request.param == "member":
        client.force_login(PractitionerProfileFactory(display_name="Reading Member").user)
    return client


@pytest.mark.parametrize("listing", LISTINGS)
def test_queries_do_not_grow_with_the_items_listed(listing, reader, site_tree, es_index_prefix):
    grow, state = LISTINGS[listing], {}
    few = queries_for(reader, grow(state, FEW))

    more = queries_for(reader, grow(state, MORE))

    assert more == few, f"{listing}: {few} queries for {FEW} items, {more} for {FEW + MORE}"
