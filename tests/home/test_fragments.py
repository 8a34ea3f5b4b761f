"""Pages rendered from keyed fragments and kept routes (the page cache off, as for members and after a
change): nobody gets another reader's own parts, and a change shows at once everywhere it is shown."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.discussions import services as discussions
from portal.home.models import SiteChrome
from portal.network import services as network
from portal.network.models import Visibility
from tests.discussions.conftest import make_member
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fragments_only(db, settings):
    """Fragments and routes kept, whole pages never: every request renders its page."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_WHOLE_PAGES = False
    caches["pages"].clear()
    SiteChrome.load()  # made on first use: a write


@pytest.fixture
def case_study(site_tree):
    return CaseStudyPageFactory(title="Time bank at the surgery", summary="Hours given, hours received.")


def page_of(client, url, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_members_own_controls_and_tokens_never_reach_another_member_or_a_visitor(client, case_study):
    author, other = make_member("Aled Author"), make_member("Bethan Reader")
    discussions.post_comment(target=case_study, user=author, text="We ran it for a year.")
    authors_page = page_of(client, case_study.url, author)
    others_page = page_of(client, case_study.url, other)
    visitors_page = page_of(client, case_study.url)

    authors_tokens = set(CSRF.findall(authors_page))
    assert authors_tokens
    assert not authors_tokens & set(CSRF.findall(others_page))
    assert not CSRF.findall(visitors_page)
    assert f'data-reader-id="{author.pk}"' in authors_page
    assert f'data-reader-id="{author.pk}"' not in others_page + visitors_page
    assert "Sign out" in others_page
    assert "Sign out" not in visitors_page
    assert "Your profile" not in visitors_page
    assert "We ran it for a year." in visitors_page  # the shared parts are shared


def test_a_visitor_after_a_member_sees_no_members_only_field_in_the_directory(client, site_tree):
    PractitionerProfileFactory(
        display_name="Carys Private", headline="Runs the peer network", visibility={"headline": Visibility.MEMBERS}
    )
    member = make_member("Dewi Member")

    members_directory = page_of(client, "/practitioners/", member)
    visitors_directory = page_of(client, "/practitioners/")

    assert "Runs the peer network" in members_directory
    assert "Carys Private" in visitors_directory
    assert "Runs the peer network" not in visitors_directory


def test_a_member_sees_their_own_hidden_field_and_another_member_does_not(client, site_tree):
    owner = make_member("Eluned Owner")
    network.update_profile(
        profile=owner.profile, headline="Only I see this", visibility={"headline": Visibility.HIDDEN}
    )
    other = make_member("Ffion Other")

    owners_directory = page_of(client, "/practitioners/", owner)
    others_directory = page_of(client, "/practitioners/", other)

    assert "Only I see this" in owners_directory
    assert "Only I see this" not in others_directory


def test_publishing_a_change_shows_at_once_on_the_page_the_list_and_the_directory(client, case_study):
    member = make_member("Gwen Reader")
    for user in (None, member):
        page_of(client, case_study.url, user)
        page_of(client, "/case-studies/", user)
        page_of(client, "/practitioners/", user)

    case_study.title = "Time bank at the health centre"
    case_study.save_revision().publish()
    network.update_profile(profile=member.profile, display_name="Gwen Renamed")

    for user in (None, member):
        assert "Time bank at the health centre" in page_of(client, case_study.url, user)
        assert "Time bank at the health centre" in page_of(client, "/case-studies/", user)
        assert "Gwen Renamed" in page_of(client, "/practitioners/", user)


def test_a_new_comment_shows_at_once_and_leaves_the_case_studys_own_fragments_alone(client, case_study):
    page_of(client, case_study.url)
    kept = set(caches["pages"]._cache)

    discussions.post_comment(target=case_study, user=make_member("Huw Commenter"), text="It worked here too.")
    visitors_page = page_of(client, case_study.url)

    assert "It worked here too." in visitors_page
    assert kept <= set(caches["pages"]._cache)  # the body, facts and chrome were not rendered again


def test_a_kept_route_reads_nothing_to_route_the_page(client, case_study):
    page_of(client, case_study.url)
    with CaptureQueriesContext(connection) as captured:
        page_of(client, case_study.url)

    assert not [query for query in captured if "wagtailcore_site" in query["sql"]]
    assert not [query for query in captured if "wagtailcore_pageviewrestriction" in query["sql"]]


def test_an_unpublished_page_is_gone_at_once_though_its_route_was_kept(client, case_study):
    page_of(client, case_study.url)

    case_study.unpublish()

    assert client.get(case_study.url).status_code == 404


def test_a_view_restriction_added_after_the_route_was_kept_still_applies(client, case_study):
    page_of(client, case_study.url)

    PageViewRestriction.objects.create(page=case_study, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(case_study.url).status_code == 302
