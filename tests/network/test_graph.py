"""The network graph: JSON shape, co-authorship through case studies, filters, a bounded number of queries."""

import pytest
from django.urls import reverse

from portal.network.models import Follow
from portal.practices.models import CaseStudyOrganisation
from tests.conftest import queries_for
from tests.network.factories import OrganisationFactory, PractitionerProfileFactory
from tests.practices.factories import CaseStudyContributorFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(london, wales, health, housing):
    council = OrganisationFactory(name="Camden Council", region=london)
    ada = PractitionerProfileFactory(display_name="Ada", region=london, organisation=council, service_areas=[housing])
    bryn = PractitionerProfileFactory(display_name="Bryn", region=wales, service_areas=[health])
    case_study = CaseStudyPageFactory(title="Tenants run the repairs", region=london, service_area=housing)
    CaseStudyContributorFactory(page=case_study, name="Ada", profile=ada)
    CaseStudyContributorFactory(page=case_study, name="Bryn", profile=bryn)
    CaseStudyOrganisation.objects.create(page=case_study, organisation=council)
    Follow.objects.create(follower=bryn, followed=ada)
    return {"ada": ada, "bryn": bryn, "council": council, "case_study": case_study}


def test_graph_json_has_typed_nodes_and_edges(client, network):
    graph = client.get(reverse("network:graph_json")).json()
    assert set(graph) == {"nodes", "edges", "filters"}
    ada = f"p{network['ada'].pk}"
    bryn = f"p{network['bryn'].pk}"
    council = f"o{network['council'].pk}"
    case_study = f"c{network['case_study'].pk}"
    nodes = {node["id"]: node for node in graph["nodes"]}
    assert nodes[ada] == {
        "id": ada,
        "type": "practitioner",
        "label": "Ada",
        "url": network["ada"].get_absolute_url(),
        "region": "london",
    }
    assert nodes[council]["type"] == "organisation"
    assert nodes[case_study]["type"] == "case_study"
    assert nodes[case_study]["url"] == network["case_study"].url
    edges = {(e["source"], e["target"], e["type"]) for e in graph["edges"]}
    assert edges == {
        (ada, council, "works_at"),
        (council, case_study, "involved_in"),
        (ada, case_study, "contributed_to"),
        (bryn, case_study, "contributed_to"),
        (bryn, ada, "follows"),
    }
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])


def test_graph_filters_by_region_and_service_area(client, network):
    in_wales = client.get(reverse("network:graph_json") + "?region=wales").json()
    assert [n["label"] for n in in_wales["nodes"]] == ["Bryn"]
    in_housing = client.get(reverse("network:graph_json") + "?service_area=housing").json()
    assert {n["label"] for n in in_housing["nodes"]} == {"Ada", "Camden Council", "Tenants run the repairs"}


def test_co_authors_are_linked_through_their_case_study(client, network):
    html = client.get(network["ada"].get_absolute_url()).content.decode()
    assert "Tenants run the repairs" in html
    co_authors = html.split('id="co-authors-title"')[1].split("</section>")[0]
    assert "Bryn" in co_authors


def test_a_draft_case_study_links_nobody(client, network):
    network["case_study"].unpublish()
    graph = client.get(reverse("network:graph_json")).json()
    assert not [e for e in graph["edges"] if e["type"] in ("contributed_to", "involved_in")]
    html = client.get(network["ada"].get_absolute_url()).content.decode()
    assert "Tenants run the repairs" not in html


def test_the_graph_page_lists_the_network_in_plain_html(client, network):
    html = client.get(reverse("network:graph")).content.decode()
    assert 'id="network-list"' in html
    ada_url = network["ada"].get_absolute_url()
    assert f'follows <a href="{ada_url}">Ada</a>' in html
    assert "vendor/cytoscape/cytoscape.min.js" in html


def grow_network(count, region, area):
    previous = None
    for _ in range(count):
        person = PractitionerProfileFactory(region=region, service_areas=[area], organisation=OrganisationFactory())
        case_study = CaseStudyPageFactory(region=region, service_area=area)
        CaseStudyContributorFactory(page=case_study, profile=person)
        if previous is not None:
            Follow.objects.create(follower=person, followed=previous)
        previous = person


def test_graph_queries_do_not_grow_with_the_network(client, network, london, housing):
    grow_network(3, london, housing)
    few = queries_for(client, reverse("network:graph_json"))

    grow_network(27, london, housing)
    more = queries_for(client, reverse("network:graph_json"))

    assert more == few, f"{few} queries with 3 grown practitioners, {more} with 30"
    graph = client.get(reverse("network:graph_json")).json()
    assert len([n for n in graph["nodes"] if n["type"] == "practitioner"]) == 30 + 2
