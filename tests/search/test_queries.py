"""Searching: facets, combined filters, highlights, suggestions, did-you-mean, more like this, the gap map."""

import pytest

from portal.practices.models import PrincipleApplication


def api(client, query=""):
    response = client.get("/api/search/" + query)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reduced_mode"] is False, body["notice"]  # Elasticsearch answered, not the database
    return body


def result_titles(body):
    return sorted(result["title"] for result in body["results"])


def facet(body, name):
    return {entry["value"]: entry["count"] for entry in body["facets"][name]}


def test_facets_count_each_value(client, catalogue):
    body = api(client, "?type=case_study")

    assert facet(body, "service_area") == {"health": 2, "social-care": 1}
    assert facet(body, "region") == {"london": 2, "wales": 1}
    assert facet(body, "principle") == {"reciprocity": 2, "assets": 2}
    assert facet(body, "evidence") == {"5": 1, "4": 1, "3": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?service_area=health", ["A time bank at the surgery", "Residents decide the neighbourhood budget"]),
        ("?service_area=health&region=london", ["A time bank at the surgery"]),
        (
            "?region=wales&region=london&principle=assets",
            ["A time bank at the surgery", "Personal budgets planned with carers"],
        ),
        ("?evidence=4&evidence=5", ["A time bank at the surgery", "Personal budgets planned with carers"]),
        ("?year=2013", ["Residents decide the neighbourhood budget"]),
        ("?service_area=social-care&region=wales", []),
    ],
)
def test_filters_combine_and_across_or_within(client, catalogue, query, expected):
    assert result_titles(api(client, query + "&type=case_study")) == expected


def test_a_facet_s_counts_ignore_its_own_filter_but_obey_the_others(client, catalogue):
    body = api(client, "?type=case_study&service_area=health&region=london")

    assert facet(body, "service_area") == {"health": 1, "social-care": 1}
    assert facet(body, "region") == {"london": 1, "wales": 1}


def test_matches_are_highlighted(client, catalogue):
    body = api(client, "?q=time+bank")

    first = body["results"][0]
    assert first["title"] == "A time bank at the surgery"
    assert any("<mark>" in snippet for snippet in first["highlights"])


def test_a_snippet_gets_an_ellipsis_only_where_it_cuts_the_text(client, catalogue):
    from portal.search.templatetags.search_tags import excerpt

    page = client.get("/search/?q=swap+hours").content.decode()

    assert '<p class="snippet">Patients <mark>swap hours</mark> of help' in page
    assert "GP practice.</p>" in page
    summary = "Time bank member who runs a garden group"
    assert excerpt("<mark>Time</mark> bank member who runs a garden group", summary) == (
        "<mark>Time</mark> bank member who runs a garden group"
    )
    assert excerpt("member who <mark>runs</mark> a", summary) == "\u2026member who <mark>runs</mark> a\u2026"
    assert excerpt("hours of <mark>help</mark> through") == "\u2026hours of <mark>help</mark> through\u2026"
    assert excerpt("<mark>Tenants</mark> &amp; staff agreed.") == "<mark>Tenants</mark> &amp; staff agreed."


def test_sort_by_evidence_and_by_newest(client, catalogue):
    by_evidence = [r["evidence_level"] for r in api(client, "?type=case_study&sort=evidence")["results"]]

    assert by_evidence == [5, 4, 3]
    assert api(client, "?type=case_study&sort=newest")["total"] == 3


def test_pagination_pages_through_results(client, catalogue):
    first = api(client, "?type=case_study&size=2")
    second = api(client, "?type=case_study&size=2&page=2")

    assert first["pages"] == 2
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1


def test_did_you_mean_corrects_a_misspelling(client, catalogue):
    body = api(client, "?q=surgrey")

    assert body["did_you_mean"] == "surgery"


@pytest.fixture
def co_production_study(catalogue, taxonomy):
    from portal.search.services import rebuild_all
    from tests.search.conftest import make_case_study

    make_case_study(
        taxonomy,
        "Co-production of a housing repairs service",
        "Tenants and repair teams redesigned the service together.",
        "health",
        "london",
        ["assets"],
    )
    rebuild_all()


def test_did_you_mean_finds_a_hyphenated_word_typed_as_one(client, co_production_study):
    body = api(client, "?q=coprodution")

    assert body["did_you_mean"] == "coproduction"
    assert "Co-production of a housing repairs service" in result_titles(api(client, "?q=coproduction"))


def test_did_you_mean_changes_only_the_misspelt_words_of_the_query(client, co_production_study):
    body = api(client, "?q=Co-production+at+the+Surgrey%E2%80%99s")

    assert body["did_you_mean"] == "Co-production at the surgery\u2019s"


def test_did_you_mean_corrects_a_misspelt_part_of_a_hyphenated_word(client, co_production_study):
    assert api(client, "?q=co-prodution")["did_you_mean"] == "co-production"


def test_suggestions_complete_a_prefix(client, catalogue):
    response = client.get("/search/suggest/?q=time+ba")

    suggestions = response.json()["suggestions"]
    assert [s["title"] for s in suggestions] == ["A time bank at the surgery"]
    assert len(suggestions) < 10


def test_suggestions_match_every_word_typed(client, catalogue):
    response = client.get("/search/suggest/?q=surgery+b")

    assert [s["title"] for s in response.json()["suggestions"]] == ["A time bank at the surgery"]


def test_more_like_this_appears_on_a_case_study_page(client, catalogue):
    body = client.get(catalogue["pb"].url).content.decode()

    assert "Similar case studies" in body
    assert "Personal budgets planned with carers" in body


def test_gap_map_counts_equal_the_database(client, catalogue):
    response = client.get("/evidence/")

    assert response.status_code == 200
    grid = {
        (row["service_area"].slug, cell["principle"].slug): cell["count"]
        for row in response.context["map"].rows
        for cell in row["cells"]
    }
    for (area, principle), count in grid.items():
        expected = PrincipleApplication.objects.filter(
            page__live=True, page__service_area__slug=area, principle__slug=principle
        ).count()
        assert count == expected, (area, principle)
    assert grid[("health", "assets")] == 1
    assert grid[("social-care", "assets")] == 1
    assert not response.context["map"].reduced_mode


def test_gap_map_csv_has_one_row_per_service_area_and_principle(client, catalogue):
    lines = client.get("/evidence.csv").content.decode().strip().splitlines()

    assert lines[0].startswith("service_area,principle,case_studies,strongest_level,level_1,")
    assert any(line.startswith("Health,") for line in lines)
    assert len(lines) == 1 + 2 * len(client.get("/evidence/").context["map"].principles)


def test_a_type_without_an_index_does_not_break_search(client, catalogue):
    from portal.search import client as es

    es.get_bulk_client().indices.delete_alias(index="*", name=es.index_name("principles"))

    body = api(client, "?q=budget")

    assert body["reduced_mode"] is False
    assert body["total"] >= 1


def test_discussion_topics_are_searchable(client, catalogue, django_user_model):
    from portal.discussions import services as discussions
    from portal.search.registry import indexed_type
    from portal.search.services import rebuild

    author = django_user_model.objects.create_user("host", "host@example.org", "a-long-password-1")
    forum = discussions.ensure_forum(slug="impact", name="Measuring impact")
    discussions.start_topic(
        forum=forum, author=author, title="Counting hours people give", body="Time banks **matter**."
    )
    rebuild(indexed=indexed_type("topics"))

    body = api(client, "?q=hours&type=topic")

    assert [r["title"] for r in body["results"]] == ["Counting hours people give"]
    assert body["results"][0]["url"] == "/discussions/impact/counting-hours-people-give/"


def test_a_topical_query_puts_the_evidence_before_the_people(client, catalogue):
    from portal.search.services import rebuild_all
    from tests.network.factories import PractitionerProfileFactory

    PractitionerProfileFactory(display_name="Rhys Vaughan", headline="Runs participatory budgeting rounds")
    rebuild_all()

    body = api(client, "?q=participatory+budgeting")

    assert [result["kind"] for result in body["results"]][:2] == ["case_study", "profile"]
    assert [entry["value"] for entry in body["totals_by_type"]] == ["case_study", "profile"]


def test_a_person_s_name_puts_them_first(client, catalogue):
    from portal.search.services import rebuild_all
    from tests.network.factories import PractitionerProfileFactory

    PractitionerProfileFactory(display_name="Rhys Vaughan", headline="Runs participatory budgeting rounds")
    rebuild_all()

    assert api(client, "?q=rhys+vaughan")["results"][0]["title"] == "Rhys Vaughan"


def test_words_that_do_not_all_match_give_the_best_partial_matches_and_say_so(client, catalogue):
    body = api(client, "?q=time+bank+for+astronauts")

    assert body["partial"] is True
    assert body["results"][0]["title"] == "A time bank at the surgery"
    assert "closest matches" in client.get("/search/?q=time+bank+for+astronauts").content.decode()


def test_a_real_word_is_never_corrected_into_another(client, catalogue):
    for query in ("carers", "mental health", "allotments", "befriending"):
        assert api(client, "?q=" + query)["did_you_mean"] == "", query


def test_a_correction_costs_each_search_once(client, catalogue):
    """The typed query, its retry with any word, each changed word alone, then the correction in full."""
    from elastic_transport import Transport

    sent, original = [], Transport.perform_request

    def counting(transport, method, target, **options):
        if target.split("?")[0].endswith("/_search"):
            sent.append(options["body"])
        return original(transport, method, target, **options)

    Transport.perform_request = counting
    try:
        body = api(client, "?q=surgrey")
    finally:
        Transport.perform_request = original

    assert body["query"] == "surgery"
    assert facet(body, "service_area") == {"health": 1}  # the shown results' own facets
    assert [search.get("size") for search in sent] == [10, 10, 1, 1, 10]
    assert len({str(search) for search in sent}) == len(sent)


def test_a_misspelt_query_that_finds_nothing_shows_its_correction_s_results(client, catalogue):
    body = api(client, "?q=surgrey")
    typed = api(client, "?q=surgrey&as_typed=1")

    assert body["corrected_from"] == "surgrey"
    assert body["query"] == "surgery"
    assert [result["title"] for result in body["results"]] == ["A time bank at the surgery"]
    assert typed["total"] == 0
    assert typed["corrected_from"] == ""


def test_the_year_range_filters_results_and_keeps_the_year_counts(client, catalogue):
    body = api(client, "?type=case_study&year_from=2010&year_to=2013")

    assert result_titles(body) == ["A time bank at the surgery", "Residents decide the neighbourhood budget"]
    assert facet(body, "year") == {"2009": 1, "2010": 1, "2013": 1}


def test_tags_and_how_each_principle_was_applied_are_searched(client, catalogue):
    from portal.practices.models import PrincipleApplication
    from portal.search.services import rebuild_all

    page = catalogue["timebank"]
    page.tags.add("less hierarchical working")
    page.save_revision().publish()
    application = PrincipleApplication.objects.filter(page=page).first()
    application.how = "Members trade favours with the receptionists"
    application.save()
    rebuild_all()

    assert api(client, "?q=less+hierarchical+working")["results"][0]["title"] == "A time bank at the surgery"
    assert api(client, "?q=receptionists")["results"][0]["title"] == "A time bank at the surgery"
