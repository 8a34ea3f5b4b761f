"""In Chromium: a member shares a case study, an editor approves it, and the pages pass axe-core."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.practices.models import CaseStudyPage
from tests.accounts.factories import with_authenticator_app
from tests.conftest import axe_violations, screenshot
from tests.practices.factories import CaseStudyPageFactory, ImpactMeasureFactory, PrincipleApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-for-tests"


def account(django_user_model, username, **extra):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def catalogue(principles, health, london, review_workflow):
    case_study = CaseStudyPageFactory(title="Time bank at the surgery", service_area=health, region=london)
    PrincipleApplicationFactory(page=case_study, principle=principles[1], strength=3)
    ImpactMeasureFactory(page=case_study)
    return case_study


def test_member_submits_and_editor_approves_a_case_study(
    daphne_server, catalogue, principles, page, browser, django_user_model
):
    account(django_user_model, "member")
    editor = account(django_user_model, "editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    totp, _ = with_authenticator_app(editor)  # the admin asks editors for a second factor

    sign_in(page, daphne_server, "member@example.org")
    page.goto(f"{daphne_server}/submissions/new/")
    page.fill("#id_title", "Neighbours repair bikes with the youth service")
    page.fill("#id_summary", "Young people and older neighbours run a bike repair workshop together.")
    page.select_option("#id_service_area", label="Health")
    page.select_option("#id_region", label="London")
    page.check(f"#principle-{principles[2].pk}")
    page.select_option(f"#id_strength_{principles[2].pk}", label="Central")
    page.fill(f"#id_how_{principles[2].pk}", "Older volunteers teach, young people run the rota.")
    page.select_option("#id_evidence_level", value="2")
    page.click("button:has-text('Send for review')")
    screenshot(page, "practices-form-errors")
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#id_title") == "Neighbours repair bikes with the youth service"

    page.fill("#id_what_was_done", "A weekly workshop in the youth centre, run by both generations.")
    page.click("button:has-text('Send for review')")
    page.wait_for_url("**/submissions/")
    assert "Awaiting review" in page.inner_text("main")
    screenshot(page, "practices-my-submissions")

    draft = CaseStudyPage.objects.get(title="Neighbours repair bikes with the youth service")
    editor_page = browser.new_page()
    editor_page.goto(f"{daphne_server}/admin/login/")  # the portal's sign-in, then the second factor
    editor_page.fill("input[name=login]", "editor@example.org")
    editor_page.fill("input[name=password]", PASSWORD)
    editor_page.click("form[action='/accounts/login/'] button[type=submit]")
    editor_page.wait_for_url("**/2fa/authenticate/")
    editor_page.fill("input[name=code]", totp.now())
    editor_page.click("form[action='/accounts/2fa/authenticate/'] button[type=submit]")
    editor_page.wait_for_url("**/admin/")
    editor_page.goto(f"{daphne_server}/admin/pages/{draft.pk}/edit/")
    screenshot(editor_page, "practices-editor-review")
    editor_page.get_by_role("button", name="More actions").click()
    editor_page.get_by_role("button", name="Approve").first.click()
    editor_page.wait_for_load_state("networkidle")
    screenshot(editor_page, "practices-editor-approved")
    editor_page.close()

    draft.refresh_from_db()
    assert draft.live
    page.goto(f"{daphne_server}{draft.url}")
    assert page.locator("h1").inner_text() == "Neighbours repair bikes with the youth service"
    page.reload()
    page.goto(f"{daphne_server}/submissions/")
    assert "Published" in page.inner_text("main")


@pytest.mark.parametrize("path", ["principle", "case_study", "index"])
def test_practices_pages_have_no_serious_accessibility_violations(daphne_server, catalogue, principles, page, path):
    url = {"principle": principles[1].url, "case_study": catalogue.url, "index": "/case-studies/?service_area=health"}[
        path
    ]

    response = page.goto(daphne_server + url)

    assert response.status == 200
    screenshot(page, f"practices-{path}")
    assert axe_violations(page) == []
    assert page.console_errors == []
