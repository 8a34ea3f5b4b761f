"""The groups' pages are valid HTML, as the Nu HTML Checker judges them (one checker run for all)."""

from django.test import Client

from tests.home.test_valid_html import validate


def test_the_groups_pages_are_valid_html(site_tree, open_group, by_request, organiser, outsider, tmp_path):
    group, _ = by_request
    documents = {}
    as_organiser, as_outsider = Client(), Client()
    as_organiser.force_login(organiser)
    as_outsider.force_login(outsider)
    pages = {
        "groups-listing": (Client(), "/groups/"),
        "group-open-outsider": (as_outsider, open_group.get_absolute_url()),
        "group-private-organiser": (as_organiser, group.get_absolute_url()),
        "group-private-outsider": (as_outsider, group.get_absolute_url()),
        "group-members": (as_organiser, f"{group.get_absolute_url()}members/"),
        "group-notice": (as_organiser, f"{group.get_absolute_url()}notice/"),
        "group-propose": (as_outsider, "/groups/propose/"),
    }
    for name, (client, path) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        documents[name] = response.content
    assert validate(documents, tmp_path) == {}
