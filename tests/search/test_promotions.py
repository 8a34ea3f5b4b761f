"""Editors' picks (Wagtail search promotions) above the results, in the page and the API, in both modes."""

import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from portal.search.promotions import DEMO_PROMOTIONS, load_demo_promotions
from tests.search.test_openapi import validator_for


def promote(query_string, page=None, description="", **link):
    return SearchPromotion.objects.create(
        query=Query.get(query_string), page=page, description=description, sort_order=0, **link
    )


def test_a_promoted_page_is_the_editors_pick_above_the_results(client, catalogue):
    promote("time bank", catalogue["timebank"], "Start here for reciprocity in health.")

    html = client.get("/search/?q=Time++Bank").content.decode()

    picks = html.index('id="picks-title"')
    assert "Editors' pick</h2>" in html
    assert picks < html.index('id="results-title"')
    assert f'href="{catalogue["timebank"].url}"' in html[picks:]
    assert "Start here for reciprocity in health." in html


def test_the_api_lists_editors_picks_as_its_schema_says(client, catalogue):
    promote("time bank", catalogue["timebank"], "Start here.")
    promote("time bank", external_link_url="https://example.org/time-banks", external_link_text="Time banks explained")
    schema = client.get("/api/schema/").json()

    body = client.get("/api/search/?q=time bank").json()

    validator_for(schema, "SearchResponse").validate(body)
    assert body["promotions"] == [
        {
            "title": catalogue["timebank"].title,
            "url": catalogue["timebank"].url,
            "description": "Start here.",
            "external": False,
        },
        {"title": "Time banks explained", "url": "https://example.org/time-banks", "description": "", "external": True},
    ]


def test_reduced_mode_shows_the_same_editors_picks(client, catalogue, settings):
    promote("personal budgets", catalogue["budgets"], "The strongest evidence.")
    settings.ELASTICSEARCH_URL = ""

    body = client.get("/api/search/?q=personal budgets").json()
    html = client.get("/search/?q=personal budgets").content.decode()

    assert body["reduced_mode"] is True
    assert [pick["title"] for pick in body["promotions"]] == [catalogue["budgets"].title]
    assert "The strongest evidence." in html


def test_other_queries_get_no_editors_picks(client, catalogue):
    promote("time bank", catalogue["timebank"])

    body = client.get("/api/search/?q=time banking at the surgery").json()
    html = client.get("/search/?q=surgery").content.decode()

    assert body["promotions"] == []
    assert "picks-title" not in html


def test_unpublished_or_private_pages_are_never_promoted(client, catalogue):
    promote("budget", catalogue["budgets"])
    promote("budget", catalogue["pb"])
    catalogue["budgets"].unpublish()
    PageViewRestriction.objects.create(page=catalogue["pb"], restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/api/search/?q=budget").json()["promotions"] == []


def test_a_new_promotion_shows_at_once_in_this_process(client, catalogue):
    assert client.get("/api/search/?q=time bank").json()["promotions"] == []

    promote("time bank", catalogue["timebank"])

    assert len(client.get("/api/search/?q=time bank").json()["promotions"]) == 1


def test_picks_are_plain_text_in_the_page(client, catalogue):
    promote("time bank", catalogue["timebank"], "<script>alert(1)</script>")

    html = client.get("/search/?q=time bank").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_demo_promotions_load_once_for_the_demo_case_studies(taxonomy):
    from tests.practices.factories import CaseStudyPageFactory

    for _, slug, _ in DEMO_PROMOTIONS:
        CaseStudyPageFactory(slug=slug, service_area=taxonomy["health"], region=taxonomy["wales"])

    assert load_demo_promotions() == len(DEMO_PROMOTIONS)
    assert load_demo_promotions() == len(DEMO_PROMOTIONS)
    assert SearchPromotion.objects.count() == len(DEMO_PROMOTIONS)
    assert {re.sub(" +", " ", query) for query, _, _ in DEMO_PROMOTIONS} == set(
        Query.objects.values_list("query_string", flat=True)
    )
