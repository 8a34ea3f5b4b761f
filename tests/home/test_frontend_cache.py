"""Anonymous visitors' Wagtail pages may be kept by a shared cache; publishing purges them from it.

The cache here is a real HTTP server on loopback that records the PURGE requests it receives."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory, PrinciplePageFactory

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def frontend_cache(settings):
    """A listening cache; yields the (host, path) pairs it was asked to purge."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "purge": {
            "BACKEND": "portal.home.frontend_cache.PurgeBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
            "TIMEOUT": 5,
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def run_worker():
    """Purges are tasks (Wagtail 8 queues them); the worker sends them, as in production."""
    call_command("run_worker", "--batch", verbosity=0)


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    run_worker()


def test_publishing_a_case_study_purges_it_its_index_the_home_page_and_its_principles(
    site_tree, frontend_cache, django_capture_on_commit_callbacks, settings
):
    principle = PrinciplePageFactory(title="Reciprocity")
    case_study = CaseStudyPageFactory(title="Time bank")
    PrincipleApplicationFactory(page=case_study, principle=principle)
    frontend_cache.clear()
    case_study.title = "Time bank, two years on"

    publish(case_study, django_capture_on_commit_callbacks)

    host = urlsplit(settings.PORTAL_BASE_URL).netloc
    assert sorted(frontend_cache) == sorted(
        (host, path) for path in ("/", "/case-studies/", case_study.url, principle.url)
    )


def test_unpublishing_purges_the_page_and_its_listing(site_tree, frontend_cache, django_capture_on_commit_callbacks):
    case_study = CaseStudyPageFactory(title="Closed service")
    url = case_study.url
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        case_study.unpublish()
    run_worker()

    assert {path for _, path in frontend_cache} == {"/", "/case-studies/", url}


def test_nothing_is_purged_before_the_publication_is_committed(
    site_tree, frontend_cache, django_capture_on_commit_callbacks
):
    case_study = CaseStudyPageFactory()
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=False) as pending:
        case_study.save_revision().publish()

    assert frontend_cache == []
    assert pending


def test_an_unreachable_cache_never_fails_a_publication(site_tree, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "purge": {"BACKEND": "portal.home.frontend_cache.PurgeBackend", "LOCATION": "http://127.0.0.1:9", "TIMEOUT": 1}
    }
    case_study = CaseStudyPageFactory(title="Still published")

    publish(case_study, django_capture_on_commit_callbacks)

    case_study.refresh_from_db()
    assert case_study.live


def test_a_cache_that_never_answers_holds_a_publication_no_longer_than_the_timeout(
    site_tree, settings, django_capture_on_commit_callbacks
):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    settings.WAGTAILFRONTENDCACHE = {
        "purge": {
            "BACKEND": "portal.home.frontend_cache.PurgeBackend",
            "LOCATION": f"http://127.0.0.1:{silent.getsockname()[1]}",
            "TIMEOUT": 0.5,
        }
    }
    case_study = CaseStudyPageFactory(title="Published while the cache hangs")
    started = time.monotonic()

    try:
        publish(case_study, django_capture_on_commit_callbacks)
    finally:
        silent.close()

    case_study.refresh_from_db()
    assert case_study.live
    # Three pages to purge (the case study, its index, the home page), each given up after 0.5 s.
    assert time.monotonic() - started < 10


def test_an_anonymous_visitor_gets_a_page_shared_caches_may_keep(site_tree, client, settings):
    settings.FRONTEND_CACHE_SECONDS = 300
    principle = PrinciplePageFactory()

    response = client.get(principle.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert "Cookie" in response["Vary"]


def test_pages_with_content_that_changes_without_a_publish_are_kept_briefly(site_tree, client, settings):
    settings.FRONTEND_CACHE_SECONDS = 3600
    case_study = CaseStudyPageFactory()  # its comment thread grows without a publish

    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert client.get(case_study.url)["Cache-Control"] == "public, max-age=0, s-maxage=60"


@pytest.mark.parametrize(
    "path",
    [
        "/case-studies/?service_area=health",  # query strings are not purged on publish
        "/practitioners/",  # not a Wagtail page: nothing purges it
        "/accounts/login/",  # a form with a CSRF token
    ],
)
def test_answers_a_purge_does_not_reach_are_private(site_tree, client, path):
    CaseStudyPageFactory()

    cache_control = client.get(path)["Cache-Control"]

    assert "private" in cache_control
    assert "public" not in cache_control


def test_a_signed_in_member_always_gets_a_private_page(site_tree, client):
    case_study = CaseStudyPageFactory()
    client.force_login(PractitionerProfileFactory().user)

    assert client.get("/")["Cache-Control"] == "private"
    assert client.get(case_study.url)["Cache-Control"] == "private"


def test_setting_the_lifetime_to_zero_keeps_every_page_private(site_tree, client, settings):
    settings.FRONTEND_CACHE_SECONDS = 0

    assert client.get("/")["Cache-Control"] == "private"
