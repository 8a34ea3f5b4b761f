"""The network graph: bounded neighbourhoods (an area, a member's, my network) with a node limit, the whole
network as a cached summary, and a fixed number of queries whatever the size of the network."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.network import graph as graphs
from portal.network.models import Follow
from portal.network.tasks import refresh_graph_summary
from portal.practices.models import CaseStudyOrganisation
from tests.conftest import queries_for
from tests.network.factories import OrganisationFactory, PractitionerProfileFactory
from tests.practices.factories import CaseStudyContributorFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db
GRAPH = reverse("network:graph_json")


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


def edges_of(graph):
    return {(e["source"], e["target"], e["type"]) for e in graph["edges"]}


def test_an_area_graph_has_typed_nodes_and_edges(client, network):
    graph = client.get(GRAPH + "?region=london").json()

    ada, council = f"p{network['ada'].pk}", f"o{network['council'].pk}"
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
    assert nodes[case_study]["url"] == network["case_study"].url
    assert edges_of(graph) == {
        (ada, council, "works_at"),
        (council, case_study, "involved_in"),
        (ada, case_study, "contributed_to"),
    }
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])


def test_area_graphs_filter_by_region_and_service_area(client, network):
    in_wales = client.get(GRAPH + "?region=wales").json()
    assert [n["label"] for n in in_wales["nodes"]] == ["Bryn"]
    in_housing = client.get(GRAPH + "?service_area=housing").json()
    assert {n["label"] for n in in_housing["nodes"]} == {"Ada", "Camden Council", "Tenants run the repairs"}


def test_a_hidden_region_never_places_someone_in_an_area(client, network):
    network["ada"].visibility["region"] = "hidden"
    network["ada"].save(update_fields=["visibility"])

    graph = client.get(GRAPH + "?region=london").json()

    assert "Ada" not in {n["label"] for n in graph["nodes"]}


def test_past_the_node_limit_the_rest_are_grouped_into_one_node(client, network, london, housing, monkeypatch):
    monkeypatch.setattr(graphs, "NODE_LIMIT", 3)
    for n in range(5):
        PractitionerProfileFactory(display_name=f"Extra {n}", region=london)

    graph = client.get(GRAPH + "?region=london").json()

    practitioners = [n for n in graph["nodes"] if n["type"] == "practitioner"]
    more = next(n for n in graph["nodes"] if n["type"] == "more")
    assert len(practitioners) == 3
    assert "Ada" in {n["label"] for n in practitioners}  # the best-connected are kept
    assert (more["count"], more["label"]) == (3, "3 more practitioners")
    assert more["url"] == "/practitioners/?regions=london"
    assert graph["totals"]["practitioner"] == 6


def test_my_network_is_me_who_i_follow_co_authors_and_organisations(client, network, london):
    stranger = PractitionerProfileFactory(display_name="Stranger", region=london)
    Follow.objects.create(follower=network["ada"], followed=PractitionerProfileFactory(display_name="Cai"))
    client.force_login(network["ada"].user)

    graph = client.get(GRAPH + "?mine=1").json()

    labels = {n["label"] for n in graph["nodes"]}
    assert {"Ada", "Bryn", "Cai", "Camden Council", "Tenants run the repairs"} <= labels
    assert stranger.display_name not in labels
    me = f"p{network['ada'].pk}"
    assert graph["me"] == me == graph["centre"]
    assert next(n for n in graph["nodes"] if n["id"] == me)["is_me"] is True
    assert (f"p{network['bryn'].pk}", me, "follows") in edges_of(graph)


def test_my_network_needs_a_sign_in(client, network):
    assert client.get(GRAPH + "?mine=1").status_code == 401
    response = client.get(reverse("network:graph") + "?mine=1")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_members_network_is_bounded_and_the_rest_counted(client, network, monkeypatch):
    monkeypatch.setattr(graphs, "NODE_LIMIT", 3)
    for n in range(4):
        Follow.objects.create(follower=PractitionerProfileFactory(display_name=f"Fan {n}"), followed=network["ada"])

    graph = client.get(GRAPH + f"?member={network['ada'].slug}").json()

    assert len([n for n in graph["nodes"] if n["type"] == "practitioner"]) == 3
    assert next(n for n in graph["nodes"] if n["type"] == "more")["count"] == 3  # Bryn and 4 fans, 2 drawn
    assert graph["me"] is None
    assert client.get(GRAPH + "?member=nobody").status_code == 404


def test_the_whole_network_is_a_summary_of_regions_and_service_areas(client, network, london, housing):
    graph = client.get(GRAPH).json()

    assert graph["summary"] is True
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert {n["type"] for n in nodes.values()} == {"region", "service_area"}
    assert (nodes[f"r{london.pk}"]["practitioners"], nodes[f"r{london.pk}"]["case_studies"]) == (1, 1)
    assert nodes[f"s{housing.pk}"]["url"] == "/network/?service_area=housing"
    assert edges_of(graph) == {(f"r{london.pk}", f"s{housing.pk}", "case_studies")}
    assert graph["totals"]["practitioner"] == 2


def test_the_summary_is_served_from_the_cache_and_refreshed_by_the_worker(client, network, wales):
    cache.delete(graphs.SUMMARY_CACHE_KEY)
    client.get(GRAPH)
    PractitionerProfileFactory(region=wales)
    stale = client.get(GRAPH).json()
    assert stale["totals"]["practitioner"] == 2

    refresh_graph_summary.call()

    assert client.get(GRAPH).json()["totals"]["practitioner"] == 3


def test_co_authors_are_linked_through_their_case_study(client, network):
    html = client.get(network["ada"].get_absolute_url()).content.decode()
    assert "Tenants run the repairs" in html
    co_authors = html.split('id="co-authors-title"')[1].split("</section>")[0]
    assert "Bryn" in co_authors


def test_a_draft_case_study_links_nobody(client, network):
    network["case_study"].unpublish()
    graph = client.get(GRAPH + "?region=london").json()
    assert not [e for e in graph["edges"] if e["type"] in ("contributed_to", "involved_in")]
    html = client.get(network["ada"].get_absolute_url()).content.decode()
    assert "Tenants run the repairs" not in html


def test_the_graph_page_lists_the_network_in_plain_html(client, network):
    html = client.get(reverse("network:graph") + "?region=london").content.decode()
    assert 'id="network-list"' in html
    assert f'contributed to <a href="{network["case_study"].url}">Tenants run the repairs</a>' in html
    assert "vendor/cytoscape/cytoscape.min.js" in html
    summary = client.get(reverse("network:graph")).content.decode()
    assert "London</a>: 1 practitioner, 1 case study" in summary


def grow_network(count, region, area, centre=None):
    previous = centre
    for _ in range(count):
        person = PractitionerProfileFactory(region=region, service_areas=[area], organisation=OrganisationFactory())
        case_study = CaseStudyPageFactory(region=region, service_area=area)
        CaseStudyContributorFactory(page=case_study, profile=person)
        if centre is not None:
            CaseStudyContributorFactory(page=case_study, profile=centre)
        if previous is not None:
            Follow.objects.create(follower=person, followed=previous)
        previous = person


@pytest.mark.parametrize("view", ["?region=london", "?service_area=housing", "?mine=1", ""])
def test_graph_queries_do_not_grow_with_the_network(client, network, london, housing, view):
    client.force_login(network["ada"].user)
    grow_network(2, london, housing, centre=network["ada"])
    few = queries_for(client, GRAPH + view)
    cache.delete(graphs.SUMMARY_CACHE_KEY)

    grow_network(5, london, housing, centre=network["ada"])
    more = queries_for(client, GRAPH + view)

    assert more == few, f"{few} queries with 2 grown practitioners, {more} with 8"


def test_a_profile_page_needs_the_same_queries_with_more_co_authors_and_followers(client, network, london, housing):
    grow_network(2, london, housing, centre=network["ada"])
    few = queries_for(client, network["ada"].get_absolute_url())

    grow_network(5, london, housing, centre=network["ada"])
    more = queries_for(client, network["ada"].get_absolute_url())

    assert more == few, f"{few} queries with 2 co-authors, {more} with 7"
