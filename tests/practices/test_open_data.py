"""Open data: principle pages list their case studies; JSON-LD, Open Graph, Atom feeds and API v2."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.practices.factories import CaseStudyPageFactory, ImpactMeasureFactory, PrincipleApplicationFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(principles, health, housing, london):
    case_study = CaseStudyPageFactory(
        title="Time bank at the surgery", service_area=health, region=london, evidence_level=4
    )
    PrincipleApplicationFactory(page=case_study, principle=principles[1], strength=3, how="Hours are swapped.")
    ImpactMeasureFactory(page=case_study)
    CaseStudyPageFactory(title="Tenant repairs desk", service_area=housing, region=london)
    CaseStudyPageFactory(title="Unpublished draft", service_area=health, region=london, live=False)
    return case_study


def json_ld(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_principle_page_lists_the_case_studies_that_apply_it(client, published, principles):
    response = client.get(principles[1].url)

    body = response.content.decode()
    assert "Time bank at the surgery" in body
    assert "Tenant repairs desk" not in body
    assert "Exemplary" in body


def test_case_study_page_carries_json_ld_and_open_graph(client, published):
    response = client.get(published.url)

    data = json_ld(response)
    assert data["@type"] == "Article"
    assert data["headline"] == "Time bank at the surgery"
    assert data["about"] == [{"@type": "Thing", "name": "Reciprocity"}]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("meta", property="og:title")["content"] == "Time bank at the surgery"
    assert soup.find("meta", property="og:type")["content"] == "article"


def test_json_ld_cannot_break_out_of_its_script_element(client, principles, health, london):
    case_study = CaseStudyPageFactory(title="</script><script>alert(1)</script>", service_area=health, region=london)

    body = client.get(case_study.url).content.decode()

    assert "</script><script>alert(1)" not in body
    assert json_ld(client.get(case_study.url))["headline"] == case_study.title


def test_case_study_page_defines_every_evidence_level_and_shows_impact(client, published):
    body = client.get(published.url).content.decode()

    for level in range(1, 6):
        assert f"Level {level}:" in body
    assert "Fewer missed collections" in body
    assert "(this case study)" in body


def test_principle_page_carries_json_ld(client, published, principles):
    data = json_ld(client.get(principles[1].url))

    assert data["@type"] == "DefinedTerm"
    assert data["name"] == "Reciprocity"


def test_atom_feed_lists_published_case_studies_only(client, published):
    response = client.get("/feeds/case-studies/")

    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [entry.find(f"{ATOM}title").text for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]
    assert sorted(titles) == ["Tenant repairs desk", "Time bank at the surgery"]


def test_service_area_feed_lists_only_that_area(client, published):
    response = client.get("/feeds/case-studies/health/")

    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text.startswith("New case studies in Health")
    assert [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")] == ["Time bank at the surgery"]


def test_feed_of_an_unknown_service_area_is_404(client, published):
    assert client.get("/feeds/case-studies/no-such-area/").status_code == 404


def test_api_v2_exposes_case_studies_with_structured_fields(client, published):
    fields = "summary,service_area,region,evidence_level,principle_applications,impact_measures,tags"
    response = client.get(f"/api/v2/pages/?type=practices.CaseStudyPage&fields={fields}")

    assert response.status_code == 200
    items = {item["title"]: item for item in response.json()["items"]}
    assert set(items) == {"Time bank at the surgery", "Tenant repairs desk"}
    item = items["Time bank at the surgery"]
    assert item["service_area"] == "Health"
    assert item["region"] == "London"
    assert item["evidence_level"] == 4
    assert item["principle_applications"][0]["strength"] == 3
    assert item["principle_applications"][0]["principle_title"] == "Reciprocity"
    assert item["impact_measures"][0]["outcome"] == "Fewer missed collections"
