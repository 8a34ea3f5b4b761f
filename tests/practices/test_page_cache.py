"""Case study pages are served from a fragment cache that a new publication replaces."""

import pytest
from django.core.cache import caches

from portal.home.models import SiteChrome
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory


@pytest.fixture(autouse=True)
def empty_page_cache(db):
    caches["pages"].clear()
    SiteChrome.load()  # made on first use: a write, which would make the first page's fragments stale


@pytest.fixture
def case_study(principles, health, london):
    page = CaseStudyPageFactory(title="Cached story", service_area=health, region=london)
    PrincipleApplicationFactory(page=page, principle=principles[0], how="First version of how.")
    page.save_revision().publish()
    return page


def test_repeat_views_are_served_from_the_cache(client, case_study):
    client.get(case_study.url)
    # A write that sends no signal tells no cache (a saved row would change the catalogue version).
    case_study.principle_applications.update(how="Changed behind the editors' back.")

    body = client.get(case_study.url).content.decode()

    assert "First version of how." in body


def test_publishing_replaces_the_cached_version(client, case_study):
    client.get(case_study.url)
    draft = case_study.get_latest_revision_as_object()
    application = draft.principle_applications.get()
    application.how = "Second version of how."
    draft.save_revision().publish()

    body = client.get(case_study.url).content.decode()

    assert "Second version of how." in body
    assert "First version of how." not in body


def test_cached_views_need_fewer_queries(client, case_study):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        client.get(case_study.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(case_study.url)

    assert len(warm) < len(cold)
