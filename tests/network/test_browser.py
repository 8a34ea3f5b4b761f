"""In Debian's Chromium: sign up, verify, edit a profile, follow someone, open the graph; axe on the network pages."""

import uuid

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client

from portal.network.models import Follow
from tests.conftest import axe_violations, screenshot
from tests.network.factories import OrganisationFactory, PractitionerProfileFactory
from tests.practices.factories import (
    CaseStudyContributorFactory,
    CaseStudyPageFactory,
    PrinciplePageFactory,
    RegionFactory,
    ServiceAreaFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-browser-passphrase"


@pytest.fixture
def small_network(site_tree):
    london = RegionFactory(name="London", slug="london")
    housing = ServiceAreaFactory(name="Housing", slug="housing")
    reciprocity = PrinciplePageFactory(title="Reciprocity and mutuality", slug="reciprocity")
    council = OrganisationFactory(name="Camden Council", region=london)
    gareth = PractitionerProfileFactory(
        display_name="Gareth Penhallow",
        region=london,
        organisation=council,
        service_areas=[housing],
        principles=[reciprocity],
        roles=["frontline-worker"],
        open_to=["site-visits"],
    )
    maureen = PractitionerProfileFactory(display_name="Maureen Okafor", region=london, principles=[reciprocity])
    case_study = CaseStudyPageFactory(title="Tenants run the repairs", region=london, service_area=housing)
    CaseStudyContributorFactory(page=case_study, name="Gareth Penhallow", profile=gareth)
    CaseStudyContributorFactory(page=case_study, name="Maureen Okafor", profile=maureen)
    Follow.objects.create(follower=maureen, followed=gareth)
    return {"gareth": gareth, "maureen": maureen}


def test_a_newcomer_signs_up_builds_a_profile_follows_someone_and_opens_the_graph(daphne_server, small_network, page):
    email = f"newcomer-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(daphne_server + "/accounts/signup/")
    page.locator("#id_display_name").fill("Nia Newcomer")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_terms").check()
    screenshot(page, "network-signup")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot(page, "network-verify-email-sent")

    # The link in the email (the console backend prints it in the server's log); HMAC keys are deterministic.
    key = EmailConfirmationHMAC(EmailAddress.objects.get(email=email)).key
    page.goto(f"{daphne_server}/accounts/confirm-email/{key}/")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/profile/")

    page.get_by_label("Headline", exact=True).fill("Parent governor who co-designs school meals")
    page.get_by_label("Carer or family member").check()
    page.get_by_label("Region", exact=True).select_option(label="London")
    page.get_by_label("Reciprocity and mutuality").check()
    page.get_by_label("Bio", exact=True).fill("I sit on the parents' food panel.")
    page.get_by_label("Who can see your bio").select_option("members")
    screenshot(page, "network-profile-edit")
    page.get_by_role("button", name="Save your profile").click()
    page.wait_for_url("**/practitioners/nia-newcomer/")
    assert "Parent governor who co-designs school meals" in page.content()
    screenshot(page, "network-own-profile")

    page.goto(daphne_server + "/practitioners/")
    suggestions = page.locator(".suggestions")
    assert "Gareth Penhallow" in suggestions.inner_text()
    page.get_by_role("link", name="Gareth Penhallow").first.click()
    page.get_by_role("button", name="Follow Gareth Penhallow").click()
    assert page.get_by_text("You now follow Gareth Penhallow.").is_visible()
    assert page.get_by_role("button", name="Unfollow Gareth Penhallow").is_visible()
    screenshot(page, "network-followed")

    page.get_by_role("link", name="Network", exact=True).click()
    page.get_by_role("link", name="My network").click()
    page.wait_for_selector("#network-graph[data-ready=true]")
    assert int(page.locator("#network-graph").get_attribute("data-nodes")) >= 2
    assert "follows Gareth Penhallow" in page.locator("#network-list").inner_text()
    screenshot(page, "network-graph")
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "/practitioners/",
        "/practitioners/gareth-penhallow/",
        "/network/",
        "/network/?region=london",
        "/organisations/camden-council/",
    ],
    ids=["directory", "profile", "graph-summary", "graph-region", "organisation"],
)
def test_network_pages_have_no_serious_accessibility_violations(daphne_server, small_network, page, path):
    small_network["gareth"].slug = "gareth-penhallow"
    small_network["gareth"].save(update_fields=["slug"])
    page.goto(daphne_server + path)
    if path.startswith("/network/"):
        page.wait_for_selector("#network-graph[data-ready=true]")

    assert axe_violations(page) == []
    assert page.console_errors == []


def test_the_graph_page_works_without_javascript(daphne_server, small_network, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(daphne_server + "/network/?region=london")
    assert "contributed to Tenants run the repairs" in page.locator("#network-list").inner_text()
    screenshot(page, "network-graph-without-javascript")
    context.close()


def sign_in(context, user, base_url):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def test_my_network_marks_me_and_names_nodes_on_hover_and_from_the_list(daphne_server, small_network, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, small_network["maureen"].user, daphne_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(daphne_server + "/network/?mine=1")
    page.wait_for_selector("#network-graph[data-ready=true]")
    assert "Maureen Okafor (you)" in page.locator("#network-list").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "network-my-network-1280")

    # Keyboard: focusing a name in the list lights its node and shows the full name in the tooltip.
    page.locator('#network-list li[data-node-id] > a:text-is("Gareth Penhallow")').focus()
    tooltip = page.locator("#graph-tooltip")
    assert tooltip.is_visible()
    assert tooltip.inner_text() == "Gareth Penhallow"
    screenshot(page, "network-my-network-focused")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(daphne_server + "/network/?region=london")
    page.wait_for_selector("#network-graph[data-ready=true]")
    assert axe_violations(page) == []
    screenshot(page, "network-region-390")
    assert errors == []
    context.close()
