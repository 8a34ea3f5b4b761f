"""Search pages and exports, reduced mode, and the bad inputs that must never become a 500."""

import csv
import io
import json

import pytest

from tests.conftest import free_port


def test_search_page_shows_results_and_facets(client, catalogue):
    response = client.get("/search/?q=budget")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Personal budgets planned with carers" in body
    assert "Service area" in body
    assert "reduced mode" not in body


def test_csv_export_follows_the_query_and_states_the_cap(client, catalogue):
    response = client.get("/search/export.csv?type=case_study&service_area=health")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["title"] for row in rows) == [
        "A time bank at the surgery",
        "Residents decide the neighbourhood budget",
    ]
    assert response["X-Total-Count"] == "2"
    assert response["X-Export-Cap"] == "1000"
    assert not response.has_header("X-Reduced-Mode")  # Elasticsearch answered


def test_json_export_states_total_cap_and_truncation(client, catalogue):
    body = json.loads(client.get("/search/export.json?type=case_study").content)

    assert body["total"] == 3
    assert body["reduced_mode"] is False
    assert body["cap"] == 1000
    assert body["truncated"] is False
    assert len(body["results"]) == 3


def test_without_elasticsearch_the_database_answers_with_a_banner(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    page = client.get("/search/?q=budget")
    body = client.get("/api/search/?q=budget&type=case_study").json()

    assert "Search is in reduced mode" in page.content.decode()
    assert body["reduced_mode"] is True
    assert "Personal budgets planned with carers" in [r["title"] for r in body["results"]]


def test_elasticsearch_not_answering_falls_back_quickly(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"

    body = client.get("/api/search/?type=case_study&service_area=health").json()
    again = client.get("/api/search/?type=case_study&service_area=health").json()  # breaker open now

    assert body["reduced_mode"] is True
    assert again["reduced_mode"] is True
    assert sorted(r["title"] for r in body["results"]) == [
        "A time bank at the surgery",
        "Residents decide the neighbourhood budget",
    ]
    assert {e["value"]: e["count"] for e in body["facets"]["region"]} == {"london": 1, "wales": 1}


def test_gap_map_falls_back_to_the_database(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    response = client.get("/evidence/")

    assert response.status_code == 200
    assert "Reduced mode" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        '?q=title:(foo AND "bar',
        "?q=%7B%22query%22%3A%7B%22match_all%22%3A%7B%7D%7D%7D",
        "?q=*:*&region=nowhere&principle=%3Cscript%3E",
        "?q=" + "budget " * 60,
        "?q=budget~2 OR recycling^10 -time",
    ],
)
def test_odd_input_still_gets_results_not_errors(client, catalogue, query):
    response = client.get("/api/search/" + query)

    assert response.status_code == 200
    assert response.json()["reduced_mode"] is False  # Elasticsearch answered: query syntax is only text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?q=" + "x" * 10_000, "limited to 500 characters"),
        ("?q=" + "budget " * 1_500, "limited to 500 characters"),
        ("?q=%FF%FEbudget", "must be text (UTF-8)"),
        ("?year_from=nineteen", "whole number"),
        ("?page=99999", "must be between"),
        ("?page=60&size=50", "first 1000"),
        ("?size=500", "must be between"),
        ("?evidence=nine", "whole number"),
        ("?sort=random", "must be one of"),
    ],
)
def test_input_we_cannot_search_is_a_400_with_a_message(client, catalogue, query, message):
    response = client.get("/api/search/" + query)
    page = client.get("/search/" + query)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert page.status_code == 400
    assert message in page.content.decode()


def test_elasticsearch_errors_never_reach_the_user(client, catalogue):
    body = client.get("/api/search/?q=" + "(" * 200).content.decode()

    assert "illegal_argument" not in body
    assert "Traceback" not in body


@pytest.mark.parametrize(
    "query",
    [
        "?q=budget&type=principle&type=profile&type=topic&sort=newest",
        "?q=" + "budget " * 60 + "&sort=evidence&page=2&size=5",
        '?q=title:(foo AND "bar&principle=reciprocity',
    ],
)
def test_odd_input_in_reduced_mode_still_gets_results(client, catalogue, settings, query):
    settings.ELASTICSEARCH_URL = ""

    response = client.get("/api/search/" + query)

    assert response.status_code == 200
    assert response.json()["reduced_mode"] is True


def test_a_nul_byte_in_a_search_is_refused_at_the_edge_with_a_message(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    response = client.get("/api/search/?q=%00budget&region=%00")

    assert response.status_code == 400
    assert "error" in response.json()


def test_reduced_mode_counts_each_type_and_filters_by_it(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    everything = client.get("/api/search/?q=reciprocity").json()
    principles = client.get("/api/search/?q=reciprocity&type=principle").json()

    assert {e["value"]: e["count"] for e in everything["facets"]["type"]}["principle"] == 1
    assert [r["title"] for r in principles["results"]] == ["Reciprocity and mutuality"]


def test_reduced_mode_never_matches_a_profile_on_a_hidden_field(
    client, es_index_prefix, settings, db, django_capture_on_commit_callbacks
):
    from tests.network.factories import PractitionerProfileFactory

    settings.ELASTICSEARCH_URL = ""
    # The database's search table takes the change after the commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        profile = PractitionerProfileFactory(display_name="Sam Otter", headline="Secret swimming coach")
        profile.visibility = {**profile.visibility, "headline": "members"}
        profile.save()

    assert client.get("/api/search/?q=swimming").json()["total"] == 0
    assert client.get("/api/search/?q=otter").json()["total"] == 1


def test_csv_cells_that_look_like_formulas_are_written_as_text(client, catalogue, taxonomy):
    from tests.search.conftest import make_case_study

    make_case_study(taxonomy, "=HYPERLINK(1)", "A summary", "health", "wales", ["assets"])
    from portal.search.services import rebuild_all

    rebuild_all()
    rows = list(csv.DictReader(io.StringIO(client.get("/search/export.csv?q=hyperlink").content.decode())))

    assert rows[0]["title"] == "'=HYPERLINK(1)"


def test_export_in_reduced_mode_says_so(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    body = json.loads(client.get("/search/export.json?type=case_study").content)

    assert body["reduced_mode"] is True
    assert body["total"] == 3


def test_a_repeated_anonymous_api_search_asks_the_database_nothing(client, catalogue, django_assert_num_queries):
    # Facet labels and editors' picks are read once per process; sessions stay untouched.
    client.get("/api/search/?q=budget&service_area=health")

    with django_assert_num_queries(0):
        response = client.get("/api/search/?q=budget&service_area=health")

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
