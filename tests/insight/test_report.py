"""The insight report and dashboard panel: what was read and searched, contributions per week, CSV."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.evidence import demand
from portal.insight import selectors
from tests.discussions.factories import TopicFactory
from tests.practices.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def read_and_searched(browser_client, tree, settings):
    """Two case studies read (one three times), a topic read, and two searches made, as a visitor does."""
    settings.ELASTICSEARCH_URL = ""  # reduced mode: the database answers the searches
    demand._redis["client"] = None
    popular = _published(CaseStudyPageFactory(title="Time bank at the surgery"))
    other = _published(CaseStudyPageFactory(title="Dementia café in the library"))
    topic = TopicFactory(title="Paying people for their time")
    for _ in range(3):
        browser_client.get(popular.url)
    browser_client.get(other.url)
    browser_client.get(topic.get_absolute_url())
    browser_client.get("/search/", {"q": "time bank"})
    browser_client.get("/search/", {"q": "time bank"})
    demand.flush_search_counts()
    yield {"popular": popular, "other": other, "topic": topic}
    demand._redis["client"] = None


def test_the_report_shows_the_views_and_searches_just_made(admin_client, read_and_searched):
    response = admin_client.get(reverse("insight_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Most read case studies" in html
    assert "Trending topics" in html
    rows = response.context["sections"][0]["rows"]
    assert [(row["title"], row["views"]) for row in rows] == [
        ("Time bank at the surgery", 3),
        ("Dementia café in the library", 1),
    ]
    top_search = response.context["searches"][0]
    assert (top_search["query"], top_search["searches"]) == ("time bank", 2)
    assert "Paying people for their time" in html
    assert "<svg" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_the_dashboard_lists_the_most_read_case_studies(admin_client, read_and_searched):
    admin_client.get(reverse("insight_report"))  # stores the counted views, as the worker's flush does
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Most read case studies" in html
    assert "Time bank at the surgery" in html
    assert "3 views" in html


def test_each_table_downloads_as_csv(admin_client, read_and_searched):
    response = admin_client.get(reverse("insight_report"), {"export": "case-studies"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "Time bank at the surgery"
    assert rows[1][2] == "3"
    terms = list(
        csv.reader(
            io.StringIO(admin_client.get(reverse("insight_report"), {"export": "search-terms"}).content.decode())
        )
    )
    assert terms[1][:2] == ["time bank", "2"]
    weekly = list(
        csv.reader(
            io.StringIO(admin_client.get(reverse("insight_report"), {"export": "contributions"}).content.decode())
        )
    )
    assert weekly[0] == [
        "week beginning",
        "New members",
        "Case studies submitted",
        "Case studies published",
        "Comments",
    ]
    assert weekly[-1][0] == selectors.monday_of(timezone.localdate()).isoformat()
    assert int(weekly[-1][3]) >= 2  # the two case studies published this week


def test_a_month_that_is_not_a_month_is_refused_with_a_message(admin_client):
    response = admin_client.get(reverse("insight_report"), {"month": "2026-13"})
    assert response.status_code == 400
    assert "year-month" in response.content.decode()
    assert admin_client.get(reverse("insight_report"), {"export": "passwords"}).status_code == 400


def test_members_cannot_see_the_report(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("member", "m@example.org", "x"))
    assert client.get(reverse("insight_report")).status_code in (302, 403)


def _report_queries(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin_client.get(reverse("insight_report"))  # flushes the counts and warms per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert admin_client.get(reverse("insight_report")).status_code == 200
    return len(captured)


def test_the_report_s_queries_do_not_grow_with_what_was_read(admin_client, browser_client, tree):
    few = [CaseStudyPageFactory() for _ in range(2)]
    for page in few:
        browser_client.get(page.url)
    with_few = _report_queries(admin_client)
    for page in [CaseStudyPageFactory() for _ in range(6)]:
        browser_client.get(page.url)
    assert _report_queries(admin_client) <= with_few + 1
