"""Every listing page reads the database a fixed number of times, however many items it lists.

Each page is read with a few items and again with more; the two counts must be equal (a query
per item would show as a difference)."""

import itertools

import pytest

from portal.discussions import services as discussions
from portal.search.services import rebuild_all
from tests.conftest import queries_for
from tests.discussions.conftest import make_member
from tests.discussions.factories import ForumFactory, TopicFactory
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory, PrinciplePageFactory

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
