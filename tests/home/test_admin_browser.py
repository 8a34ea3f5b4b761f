"""The editors' dashboard in Chromium: the panels show on the admin home page and axe finds nothing
serious in them (Wagtail's own admin chrome around them is Wagtail's to test)."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client

from portal.home.groups import ensure_groups
from tests.accounts.factories import with_authenticator_app
from tests.conftest import AXE_SCRIPT, screenshot
from tests.home.test_walkthrough import demo_site  # noqa: F401 - demo_site is the fixture used below
from tests.network.factories import PractitionerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("demo_site")]

PANEL_TITLES = ["Not reviewed for 18 months", "Newest members"]


@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_dashboard_panels_are_accessible(daphne_server, browser, group_name):
    ensure_groups(django_apps)
    user = PractitionerProfileFactory(display_name=f"Dashboard {group_name}").user
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    with_authenticator_app(user)  # the admin asks editors and moderators for a second factor
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne_server}])
    page = context.new_page()

    response = page.goto(daphne_server + "/admin/")

    assert response.status == 200
    headings = page.locator("section.w-panel h2").all_inner_texts()
    screenshot(page, f"admin-dashboard-{group_name.lower()}")
    assert any("comments" in heading.lower() for heading in headings), headings
    if group_name == "Editors":
        assert all(any(title in heading for heading in headings) for title in PANEL_TITLES), headings
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run({include: [['section.w-panel']]}, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()


ADMIN_SCREENS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{index}/",
    "/admin/pages/{case_study}/edit/",
    "/admin/pages/{standard}/edit/",
    "/admin/pages/add/practices/casestudypage/{index}/",
    "/admin/pages/{case_study}/history/",
    "/admin/pages/{case_study}/edit/preview/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/documents/multiple/add/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/snippets/",
    "/admin/workflows/list/",
    "/admin/redirects/",
    "/admin/searchpicks/add/",
    "/django-admin/auth/user/",
]


def test_the_admins_main_screens_break_no_rule_of_their_content_security_policy(daphne_server, browser):
    from wagtail.models import Collection

    from portal.home.models import StandardPage
    from portal.practices.models import CaseStudyIndexPage, CaseStudyPage
    from tests.conftest import csp_violations, watch_csp

    if not Collection.objects.exists():  # the flush between transactional tests removes the migration's root
        Collection.add_root(name="Root")
    user = PractitionerProfileFactory(display_name="Policy Editor").user
    user.is_staff = user.is_superuser = True
    user.save()
    with_authenticator_app(user)  # the admin asks superusers for a second factor
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne_server}])
    missing_header = watch_csp(context)
    page = context.new_page()
    ids = {
        "index": CaseStudyIndexPage.objects.first().pk,
        "case_study": CaseStudyPage.objects.first().pk,
        "standard": StandardPage.objects.first().pk,
    }
    failures = {}
    for template in ADMIN_SCREENS:
        path = template.format(**ids)
        response = page.goto(daphne_server + path)
        page.wait_for_load_state("networkidle")
        problems = [] if response.status == 200 else [f"status {response.status}"]
        problems += csp_violations(page) + [f"no CSP header: {url}" for url in missing_header]
        missing_header.clear()
        if problems:
            failures[path] = problems
    # The editor's busiest moment: a StreamField's block menu and a new rich text block (Draftail, React).
    page.goto(daphne_server + f"/admin/pages/{ids['case_study']}/edit/")
    page.locator("button[title='Insert a block']").first.click()
    page.locator(".w-combobox__option:visible").first.click()
    page.wait_for_timeout(500)
    screenshot(page, "admin-editor-new-block")
    if violations := csp_violations(page):
        failures["editor, new block"] = violations
    context.close()

    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
