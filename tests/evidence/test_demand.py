"""Search demand: first-page searches counted in Redis, flushed in batches to reports and Wagtail's search terms."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from portal.evidence import demand, selectors
from portal.evidence.models import SearchRecord
from portal.search.services import rebuild_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_counters(redis_url, settings):
    settings.REDIS_URL = redis_url
    demand._redis["client"] = None
    client = demand._client()
    for key in [demand.COUNTS_KEY, *client.scan_iter(match=demand.FLUSHING_PREFIX + "*")]:
        client.delete(key)
    yield
    demand._redis["client"] = None


@pytest.fixture
def indexed(published_case_study, housing, es_index_prefix):
    case_study = published_case_study(title="Time bank at the surgery")
    rebuild_all()
    return case_study


def test_searches_are_counted_in_redis_not_the_database(client, indexed, django_assert_num_queries):
    client.get("/api/search/?q=time+bank")
    with django_assert_num_queries(0):
        client.get("/api/search/?q=time+bank")
    assert not SearchRecord.objects.exists()
    counts = demand._client().hgetall(demand.COUNTS_KEY)
    assert sum(int(value) for value in counts.values()) == 2


def test_later_pages_and_suggestions_are_not_counted(client, indexed):
    client.get("/search/?q=time+bank&page=2")
    client.get("/search/suggest/?q=time")
    client.get("/search/")
    assert demand.flush_search_counts() == 0


def test_a_flush_stores_counts_and_feeds_wagtail_search_terms(client, indexed):
    for _ in range(3):
        client.get("/search/", {"q": "Time  Bank"})
    client.get("/api/search/", {"q": "dementia cafes"})
    client.get("/search/", {"service_area": "housing"})

    call_command("flush_search_counts", stdout=io.StringIO())

    assert Query.objects.get(query_string="time bank").hits == 3
    assert Query.objects.get(query_string="dementia cafes").hits == 1
    record = SearchRecord.objects.get(query="time bank")
    assert (record.searches, record.case_studies) == (3, 1)
    assert demand.flush_search_counts() == 0  # the counters were emptied
    client.get("/search/", {"q": "time bank"})
    demand.flush_search_counts()
    assert Query.objects.get(query_string="time bank").hits == 4
    assert SearchRecord.objects.get(query="time bank").searches == 4


def test_editors_picks_show_their_hit_counts(client, indexed, admin_client):
    query = Query.get("time bank")
    SearchPromotion.objects.create(query=query, page=indexed, sort_order=0, description="Read first")
    client.get("/search/", {"q": "time bank"})
    demand.flush_search_counts()
    listing = admin_client.get(reverse("wagtailsearchpromotions:index"))
    assert listing.status_code == 200
    assert Query.objects.get(pk=query.pk).hits == 1


def test_searched_for_but_not_found_lists_queries_with_few_case_studies(client, indexed, admin_client):
    for _ in range(2):
        client.get("/search/", {"q": "dementia cafes"})
    client.get("/search/", {"q": "=HYPERLINK(1)"})
    client.get("/search/", {"q": "time bank"})
    demand.flush_search_counts()

    rows = list(selectors.unmet_demand(few=0))
    assert [row["query"] for row in rows] == ["dementia cafes", "=hyperlink(1)"]
    report = admin_client.get(reverse("evidence_unmet_demand"))
    assert b"dementia cafes" in report.content
    exported = admin_client.get(reverse("evidence_unmet_demand"), {"export": "csv"})
    table = list(csv.reader(io.StringIO(exported.content.decode())))
    assert table[0] == ["query", "filters", "searches", "case_studies_found", "last_searched"]
    assert table[1][:4] == ["dementia cafes", "", "2", "0"]
    assert table[2][0] == "'=hyperlink(1)"  # never a spreadsheet formula
    home = admin_client.get(reverse("wagtailadmin_home"))
    assert b"Searched for but not found" in home.content


def test_the_gap_map_shows_the_most_searched_service_areas(client, indexed, housing):
    for _ in range(3):
        client.get("/search/", {"service_area": "housing"})
    client.get("/search/", {"q": "health"})
    demand.flush_search_counts()
    areas = selectors.most_searched_service_areas()
    assert [(row["service_area"].slug, row["searches"], row["case_studies"]) for row in areas] == [
        ("housing", 3, 0),
        ("health", 1, 1),
    ]
    page = client.get(reverse("search:evidence_map")).content.decode()
    assert "What people look for" in page
    assert "Housing" in page.split("What people look for")[1]


def test_a_flush_that_failed_midway_is_finished_by_the_next(client, indexed):
    client.get("/search/", {"q": "dementia cafes"})
    redis = demand._client()
    redis.rename(demand.COUNTS_KEY, demand.FLUSHING_PREFIX + "left-over")
    assert demand.flush_search_counts() == 1
    assert SearchRecord.objects.get(query="dementia cafes").searches == 1
    assert not list(redis.scan_iter(match=demand.FLUSHING_PREFIX + "*"))


def test_without_redis_a_search_still_answers(client, indexed, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    demand._redis["client"] = None
    assert client.get("/search/", {"q": "time bank"}).status_code == 200
