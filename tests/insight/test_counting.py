"""Views counted on the server: one Redis increment per view, crawlers left out, daily totals by the worker."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.insight import services
from portal.insight.counting import views
from portal.insight.models import DailyViews
from tests.discussions.factories import TopicFactory
from tests.insight.conftest import BROWSER
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory, PrinciplePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study(tree):
    return CaseStudyPageFactory(title="Time bank at the surgery")


def test_a_case_study_view_is_counted_in_redis_without_a_database_write(browser_client, case_study):
    with CaptureQueriesContext(connection) as captured:
        response = browser_client.get(case_study.url)
    assert response.status_code == 200
    assert not [query for query in captured.captured_queries if "insight_" in query["sql"]]
    assert views.pending() == 1
    assert "Set-Cookie" not in response.headers


def test_crawlers_scripts_and_prefetches_are_not_counted(client, case_study):
    client.get(
        case_study.url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    )
    client.get(case_study.url, HTTP_USER_AGENT="curl/8.5.0")
    client.get(case_study.url)  # no user agent at all
    client.get(case_study.url, HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    client.head(case_study.url, HTTP_USER_AGENT=BROWSER)
    assert views.pending() == 0


def test_the_flush_stores_daily_totals_and_adds_to_them(browser_client, case_study, tree):
    principle = PrinciplePageFactory(title="Reciprocity and mutuality")
    for _ in range(3):
        browser_client.get(case_study.url)
    browser_client.get(principle.url)

    assert services.flush_view_counts() == 4
    assert DailyViews.objects.get(kind="case-study", object_id=case_study.pk).views == 3
    assert DailyViews.objects.get(kind="principle", object_id=principle.pk).views == 1

    browser_client.get(case_study.url)
    assert services.flush_view_counts() == 1
    assert DailyViews.objects.get(kind="case-study", object_id=case_study.pk).views == 4
    assert services.flush_view_counts() == 0


def test_topics_and_profiles_are_counted_but_not_your_own_profile(browser_client):
    topic = TopicFactory(title="Paying people for their time")
    profile = PractitionerProfileFactory(display_name="Grace Hopper")
    reader = PractitionerProfileFactory(display_name="Ada Lovelace")
    assert browser_client.get(topic.get_absolute_url()).status_code == 200
    assert browser_client.get(profile.get_absolute_url()).status_code == 200
    browser_client.force_login(reader.user)
    assert browser_client.get(reader.get_absolute_url()).status_code == 200

    services.flush_view_counts()
    counted = set(DailyViews.objects.values_list("kind", "object_id", "views"))
    assert counted == {("topic", topic.pk, 1), ("profile", profile.pk, 1)}


def test_a_redis_that_is_away_costs_the_count_not_the_page(browser_client, case_study, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = browser_client.get(case_study.url)
    assert response.status_code == 200
    assert "Time bank at the surgery" in response.content.decode()


def test_counting_can_be_switched_off(browser_client, case_study, settings):
    settings.INSIGHT_COUNT_VIEWS = False
    browser_client.get(case_study.url)
    assert views.pending() == 0
