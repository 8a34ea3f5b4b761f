"""Reduced mode: the database's search table answers like Elasticsearch, on whichever database runs the tests.

The suite runs these on PostgreSQL; test_database_engines_sqlite.py runs this same file on SQLite.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from portal.search import database, selectors
from portal.search.database.models import SearchEntry
from portal.search.results import SearchRequest
from tests.practices.factories import CaseStudyPageFactory
from tests.search.conftest import make_case_study


@pytest.fixture
def table(taxonomy, settings):
    """Three case studies in the search table, Elasticsearch not configured."""
    settings.ELASTICSEARCH_URL = ""
    pages = {
        "budgets": make_case_study(
            taxonomy,
            "Personal budgets planned with carers",
            "Adults in social care planned their own personal budgets with peer advisers.",
            "social-care",
            "london",
            ["reciprocity", "assets"],
            evidence=5,
            year=2009,
        ),
        "pb": make_case_study(
            taxonomy,
            "Residents decide the neighbourhood budget",
            "A participatory budgeting round let residents vote on local projects in their ward.",
            "health",
            "wales",
            ["reciprocity"],
            evidence=3,
            year=2013,
        ),
        "timebank": make_case_study(
            taxonomy,
            "A time bank at the surgery",
            "Patients swap hours of help through a time bank run with the GP practice for older people.",
            "health",
            "london",
            ["assets"],
            evidence=4,
            year=2016,
        ),
    }
    database.rebuild()
    return pages


def search(q="", **options):
    return database.database_search(SearchRequest(q=q, **options))


def titles(results) -> list[str]:
    return [hit["title"] for hit in results.hits]


def test_the_engine_is_the_database_in_use(table):
    assert search("budget").engine == connection.vendor


def test_a_multi_word_question_finds_the_case_study_that_answers_it_with_highlights(table):
    results = search("participatory budgeting")

    assert titles(results)[0] == "Residents decide the neighbourhood budget"
    assert not results.partial
    assert any("<mark>" in snippet for snippet in results.hits[0]["highlights"])


def test_stemming_and_stop_words_do_not_stand_in_the_way(table):
    assert titles(search("time banks for the older people")) == ["A time bank at the surgery"]


def test_a_synonym_from_the_vocabulary_finds_the_same_case_study(table):
    assert titles(search("PB"))[0] == "Residents decide the neighbourhood budget"


def test_words_that_are_not_all_in_one_result_give_the_best_partial_matches_and_say_so(table):
    results = search("time bank zebra")

    assert results.partial
    assert titles(results)[0] == "A time bank at the surgery"


def test_words_found_nowhere_give_nothing_and_no_partial_flag(table):
    results = search("zebra giraffe")

    assert results.total == 0
    assert not results.partial


def test_words_found_only_outside_the_filters_give_nothing_and_no_partial_flag(table):
    results = search("time bank surgery", filters={"region": ["wales"]})

    assert results.total == 0
    assert not results.partial


def test_without_highlights_there_are_no_snippets_and_no_spelling_help(table):
    results = database.database_search(SearchRequest(q="partcipatory budgeting"), facets=False, highlights=False)

    assert results.total
    assert results.suggestion == ""
    assert all(hit["highlights"] == [] for hit in results.hits)


def test_the_title_counts_more_than_the_summary(table):
    # "budgets" is in the title of one and the summary of another.
    assert titles(search("budgets"))[0] == "Personal budgets planned with carers"


def test_a_query_that_is_a_whole_title_puts_that_result_first(table, taxonomy):
    make_case_study(
        taxonomy,
        "Reciprocity and mutuality in a street association",
        "Reciprocity and mutuality, reciprocity and mutuality: neighbours swap help.",
        "health",
        "wales",
        ["reciprocity"],
        evidence=5,
    )
    database.rebuild()

    assert titles(search("reciprocity and mutuality"))[0] == "Reciprocity and mutuality"


def test_a_tag_that_matches_is_highlighted(table, taxonomy):
    page = make_case_study(taxonomy, "Eastgate estate", "A neighbourhood team.", "health", "wales", [])
    page.tags.add("less hierarchical working")
    page.save()
    database.rebuild()

    results = search("less hierarchical working")

    assert any("<mark>hierarchical</mark>" in snippet for snippet in results.hits[0]["highlights"])


def test_highlights_are_html_escaped_except_for_the_marks(table, taxonomy):
    make_case_study(
        taxonomy,
        "Script kiddies",
        "A <script>alert(1)</script> workshop & more about allotments.",
        "health",
        "wales",
        [],
    )
    database.rebuild()

    snippet = search("allotments").hits[0]["highlights"][0]

    assert "<mark>allotments</mark>" in snippet
    # PostgreSQL's ts_headline drops what looks like a tag, FTS5's snippet() keeps it as text.
    unmarked = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in unmarked
    assert ">" not in unmarked
    assert "&amp;" in unmarked


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced quote',
        "NEAR(time bank",
        "time AND OR NOT bank",
        "title:time* ^2 {x} [y]",
        "-!|&<->():*'\"",
        "time\x00bank\x07",
        "bank' OR 1=1; --",
        "é ß 中文 🙂",
        "co-production's",
        "a" * 400,
    ],
)
def test_query_syntax_and_control_characters_are_searched_as_text(table, q):
    results = search(q)

    assert results.total >= 0
    assert results.engine == connection.vendor


def test_filters_narrow_results_and_each_facet_counts_without_its_own_filter(table):
    results = search(filters={"service_area": ["health"], "region": ["london"]})

    assert titles(results) == ["A time bank at the surgery"]
    service_areas = {entry["value"]: entry["count"] for entry in results.facets["service_area"]}
    assert service_areas == {"health": 1, "social-care": 1}  # counted in London, whatever the area
    regions = {entry["value"]: entry["count"] for entry in results.facets["region"]}
    assert regions == {"london": 1, "wales": 1}  # counted in health, whatever the region


def test_the_type_facet_counts_each_kind(table):
    kinds = {entry["value"]: entry["count"] for entry in search("").facets["type"]}

    assert kinds["case_study"] == 3
    assert kinds["principle"] == 2


def test_a_year_range_keeps_results_that_started_within_it(table):
    results = search(filters={"type": ["case_study"]}, year_from=2010, year_to=2014)

    assert titles(results) == ["Residents decide the neighbourhood budget"]


def test_sorting_by_evidence_puts_the_strongest_first(table):
    results = search(filters={"type": ["case_study"]}, sort="evidence")

    assert [hit["evidence_level"] for hit in results.hits] == [5, 4, 3]


def test_pages_hold_the_requested_slice(table):
    first = search(filters={"type": ["case_study"]}, sort="evidence", size=2)
    second = search(filters={"type": ["case_study"]}, sort="evidence", size=2, page=2)

    assert first.total == second.total == 3
    assert titles(first) + titles(second) == titles(search(filters={"type": ["case_study"]}, sort="evidence"))


def test_a_misspelt_word_gets_the_closest_word_of_the_vocabulary(table):
    assert search("partcipatory budgeting").suggestion == "participatory budgeting"


def test_correct_english_is_never_corrected_even_when_the_site_lacks_it(table):
    assert search("mental health").suggestion == ""
    assert search("zebra").suggestion == ""


def test_a_word_of_the_vocabulary_is_not_corrected(table):
    assert search("surgery").suggestion == ""


def test_publishing_a_case_study_reaches_the_table_after_commit(table, django_capture_on_commit_callbacks):
    page = CaseStudyPageFactory(title="Allotments for everyone", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert titles(search("allotments")) == ["Allotments for everyone"]

    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert search("allotments").total == 0


def test_the_vocabulary_follows_what_is_published(table, django_capture_on_commit_callbacks):
    page = CaseStudyPageFactory(title="Quokkas in the garden", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert search("quokas").suggestion == "quokkas"

    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert search("quokas").suggestion == ""


def test_the_rebuild_command_fills_the_table_without_elasticsearch(table, capsys):
    SearchEntry.objects.all().delete()

    call_command("search_index", "rebuild", "--no-progress")

    assert "search table" in capsys.readouterr().out
    assert titles(search("participatory budgeting"))[0] == "Residents decide the neighbourhood budget"


def test_titles_are_suggested_while_typing(table):
    found = database.suggest_titles("time ba", 8)

    assert [entry["title"] for entry in found] == ["A time bank at the surgery"]


def test_the_gap_map_counts_case_studies_by_service_area_principle_and_level(table):
    counts = database.gap_counts()

    assert counts[("health", "reciprocity")] == {3: 1}
    assert counts[("social-care", "assets")] == {5: 1}


def test_the_search_api_answers_malformed_queries_in_reduced_mode_without_failing(client, table):
    for q in ['"', "NEAR(", "a OR", "*", "\x00", "-"]:
        response = client.get("/api/search/", {"q": q})
        assert response.status_code in (200, 400), (q, response.status_code)
        if response.status_code == 200:
            assert response.json()["reduced_mode"] is True


POLICYMAKERS_QUESTIONS = {
    "participatory budgeting": "tarnside-neighbourhood-participatory-budgeting",
    "patient voice in commissioning": "kestrel-vale-elected-patient-panel",
    "time bank for older people": "common-hours-gp-time-bank",
}


def test_the_demo_content_answers_policymakers_questions_without_elasticsearch(db, settings):
    settings.ELASTICSEARCH_URL = ""
    settings.DEBUG = True
    call_command("load_demo_content")

    for question, answer in POLICYMAKERS_QUESTIONS.items():
        top = search(question).hits[:3]
        assert answer in [hit["url"].rstrip("/").rsplit("/", 1)[-1] for hit in top], question
        assert all(any("<mark>" in snippet for snippet in hit["highlights"]) for hit in top), question


def test_alerts_match_only_the_changed_case_studies_as_the_whole_search_would(table):
    among = [table["budgets"].pk, table["timebank"].pk]
    requests = [
        SearchRequest(q="budget"),
        SearchRequest(q="budget", filters={"region": ["wales"]}),  # only a case study that did not change
        SearchRequest(q="time bank budget"),  # no case study has every word: a partial match is no news
        SearchRequest(),
    ]

    matched = selectors.matching_case_study_ids(requests, among)

    assert matched == [{table["budgets"].pk}, set(), set(), set(among)]
    whole = [{int(pk) for pk in database.matching_object_ids(request, "case_study")} for request in requests]
    assert matched == [found & set(among) for found in whole]
