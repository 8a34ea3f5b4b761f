"""Groups on profiles (as the member allows), in the directory's filters and as nodes of the network graph."""

from django.test import Client

from portal.network.graph import GraphFilters, network_graph


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_profile_lists_the_groups_the_viewer_may_see_the_member_in(invite_only, open_group, member, outsider):
    group, _ = invite_only
    url = member.profile.get_absolute_url()
    seen_by_outsider = client_for(outsider).get(url).content.decode()
    assert open_group.name in seen_by_outsider
    assert group.name not in seen_by_outsider
    assert group.name in client_for(member).get(url).content.decode()


def test_a_member_who_hides_their_groups_shows_none(open_group, member, outsider):
    profile = member.profile
    profile.visibility = {**profile.visibility, "groups": "hidden"}
    profile.save()
    assert open_group.name not in client_for(outsider).get(profile.get_absolute_url()).content.decode()


def test_the_directory_filters_by_group_but_never_by_a_private_one(invite_only, open_group, outsider):
    group, _ = invite_only
    page = client_for(outsider).get("/practitioners/", {"group": open_group.slug}).content.decode()
    assert "Mina Member" in page
    assert "Otto Outsider" not in page
    assert f'value="{group.slug}"' not in page
    hidden = client_for(outsider).get("/practitioners/", {"group": group.slug}).content.decode()
    assert "Mina Member" not in hidden


def test_the_graph_has_a_node_per_group_the_viewer_may_see_inside(invite_only, open_group, member, outsider):
    group, _ = invite_only
    # A member's neighbourhood: the whole network is a summary of regions and service areas.
    around_member = GraphFilters(member=member.profile.slug)
    labels = {n["label"] for n in network_graph(outsider, around_member)["nodes"] if n["type"] == "group"}
    assert labels == {open_group.name}
    graph = network_graph(member, GraphFilters(mine=True))
    assert {n["label"] for n in graph["nodes"] if n["type"] == "group"} == {open_group.name, group.name}
    assert {"source": f"p{member.profile.pk}", "target": f"g{group.pk}"}.items() <= next(
        e for e in graph["edges"] if e["target"] == f"g{group.pk}" and e["source"] == f"p{member.profile.pk}"
    ).items()


def test_the_graph_json_for_the_public_leaves_out_private_groups(invite_only, open_group, member):
    group, _ = invite_only
    data = client_for().get("/network/graph.json", {"member": member.profile.slug}).json()
    assert group.name not in {n["label"] for n in data["nodes"]}
