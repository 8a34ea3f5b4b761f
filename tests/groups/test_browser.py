"""In Debian's Chromium at 1280 and 390 px: a member finds a regional group, joins it, sees its members-only
discussion; axe on the listing and the group page."""

import pytest
from django.test import Client

from portal.discussions import services as discussions
from tests.conftest import axe_violations, screenshot
from tests.groups.conftest import person, private_group_with_topic
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.practices.factories import RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_finds_a_regional_group_joins_it_and_sees_its_discussion(daphne_server, site_tree, browser):
    london = RegionFactory(name="London", slug="london")
    organiser = person("Rosa Delgado")
    group = GroupFactory(name="London co-production circle", kind="regional", region=london)
    MembershipFactory(group=group, user=organiser, role="organiser")
    discussions.start_topic(forum=group.forum, author=organiser, title="Room for our next meeting", body="Ideas?")
    private_group_with_topic("invite", organiser, person("Callum Heslop"), title="Secret contract notes")

    for width in (1280, 390):
        newcomer = person(f"Nia Newcomer {width}")
        client = Client()
        client.force_login(newcomer)
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne_server}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))

        page.goto(f"{daphne_server}/groups/")
        if width < 960:  # on a phone the search and filters fold away behind their summary
            page.get_by_text("Search and filter").click()
        page.get_by_label("Region").select_option(label="London")
        page.get_by_role("button", name="Show groups").click()
        assert "Secret contract notes" not in page.content()
        assert "Commissioners invite" not in page.content()
        assert axe_violations(page) == []
        screenshot(page, f"groups-listing-{width}")

        page.get_by_role("link", name="London co-production circle").click()
        assert axe_violations(page) == []
        page.get_by_role("button", name="Join the group").click()
        assert page.get_by_text("You are a member of London co-production circle.").is_visible()
        assert page.get_by_role("link", name="Room for our next meeting").is_visible()
        assert axe_violations(page) == []
        screenshot(page, f"groups-joined-{width}")
        assert errors == []
        context.close()
