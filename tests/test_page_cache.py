"""The full-page cache: anonymous visitors share cached pages; members, cookies and CSRF tokens never do;
a change is served at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal import page_cache
from portal.discussions import services as discussions
from portal.home.models import SiteChrome
from portal.insight import counters
from portal.insight.counting import views
from portal.network import services as network
from tests.discussions.conftest import make_member
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def empty_page_cache(db, settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    SiteChrome.load()  # made on first use: a write, which would make the first page stale at once


@pytest.fixture
def case_study(site_tree):
    return CaseStudyPageFactory(title="Time bank at the surgery")


def test_a_second_visitor_gets_the_page_from_the_cache_without_a_query(client, case_study):
    first = client.get(case_study.url)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(case_study.url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert len(captured) == 0
    assert second["Cache-Control"] == first["Cache-Control"]  # the shared cache's s-maxage is kept


def test_every_cached_answer_gets_its_security_headers_afresh(client, case_study):
    client.get(case_study.url)
    hit = client.get(case_study.url)

    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_a_member_never_gets_the_visitors_copy_and_visitors_never_get_a_members(client, case_study):
    member = PractitionerProfileFactory(display_name="Ffion Member").user
    client.get(case_study.url)  # cached for visitors

    client.force_login(member)
    members_page = client.get(case_study.url)
    client.logout()
    visitors_page = client.get(case_study.url)

    assert "X-Page-Cache" not in members_page
    assert "Sign out" in members_page.content.decode()
    assert visitors_page["X-Page-Cache"] == "hit"
    assert "Sign out" not in visitors_page.content.decode()


def test_a_members_page_is_never_stored(client, case_study):
    client.force_login(PractitionerProfileFactory(display_name="Ffion Member").user)
    client.get(case_study.url)
    client.logout()
    client.cookies.clear()

    visitors_page = client.get(case_study.url)

    assert visitors_page["X-Page-Cache"] == "miss"
    assert "Sign out" not in visitors_page.content.decode()


def cached_after(view, path="/cookie-test/"):
    """Run a view through the middleware twice for a visitor; whether the second answer came from the cache."""
    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        request = RequestFactory().get(path)
        response = middleware(request)
    return response.get("X-Page-Cache") == "hit"


def test_an_answer_that_sets_a_cookie_is_never_cached():
    def sets_cookie(request):
        page_cache.allow(request)
        response = HttpResponse("chosen")
        response.set_cookie("choice", "a")
        return response

    assert not cached_after(sets_cookie)


def test_an_answer_holding_a_csrf_token_is_never_cached():
    def form(request):
        page_cache.allow(request)
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    assert not cached_after(form)


def test_a_view_that_does_not_opt_in_is_never_cached():
    assert not cached_after(lambda request: HttpResponse("yours"))
    assert cached_after(page_cache.cache_for_visitors(lambda request: HttpResponse("everyone's")))


def test_the_query_string_is_part_of_the_key(client, case_study):
    client.get("/case-studies/")
    filtered = client.get("/case-studies/?evidence_level=5")

    assert filtered["X-Page-Cache"] == "miss"
    assert client.get("/case-studies/?evidence_level=5")["X-Page-Cache"] == "hit"


def test_a_published_change_is_served_at_once(client, case_study, django_capture_on_commit_callbacks):
    client.get(case_study.url)
    client.get("/case-studies/")

    case_study.title = "Time bank, two years on"
    with django_capture_on_commit_callbacks(execute=True):
        case_study.save_revision().publish()

    assert "Time bank, two years on" in client.get(case_study.url).content.decode()
    assert "Time bank, two years on" in client.get("/case-studies/").content.decode()


def test_an_unpublished_page_is_gone_at_once(client, case_study, django_capture_on_commit_callbacks):
    url = case_study.url
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        case_study.unpublish()

    assert client.get(url).status_code == 404


def test_a_new_comment_is_served_at_once(client, case_study, django_capture_on_commit_callbacks):
    client.get(case_study.url)

    with django_capture_on_commit_callbacks(execute=True):
        discussions.post_comment(target=case_study, user=make_member("Gwen Reader"), text="We tried this in Hull.")

    assert "We tried this in Hull." in client.get(case_study.url).content.decode()


def test_a_comment_a_moderator_removes_leaves_the_cached_page_at_once(
    client, case_study, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = discussions.post_comment(target=case_study, user=make_member("Gwen Reader"), text="Buy pills here.")
    assert "Buy pills here." in client.get(case_study.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        discussions.remove_comments(comments=[comment])

    assert "Buy pills here." not in client.get(case_study.url).content.decode()


def test_a_changed_profile_is_served_at_once_in_the_directory(client, django_capture_on_commit_callbacks):
    profile = PractitionerProfileFactory(display_name="Owain Practitioner", headline="Housing officer")
    client.get("/practitioners/")
    client.get(profile.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        network.update_profile(profile=profile, headline="Community organiser")

    assert "Community organiser" in client.get("/practitioners/").content.decode()
    assert "Community organiser" in client.get(profile.get_absolute_url()).content.decode()


def test_a_view_served_from_the_cache_is_still_counted(client, case_study, redis_url, settings):
    settings.REDIS_URL = redis_url
    counters._redis["client"] = None
    views.flush(lambda rows: None)
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    client.get(case_study.url)
    hit = client.get(case_study.url)

    assert hit["X-Page-Cache"] == "hit"
    assert views.pending() == 2
    counters._redis["client"] = None


def test_page_cache_seconds_zero_turns_it_off(client, case_study, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(case_study.url)

    assert "X-Page-Cache" not in client.get(case_study.url)
