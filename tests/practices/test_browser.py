"""In Chromium: a member shares a case study, an editor approves it, and the pages pass axe-core."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from PIL import Image

from portal.practices.models import CaseStudyPage
from tests.accounts.factories import with_authenticator_app
from tests.conftest import axe_violations, screenshot
from tests.practices.factories import CaseStudyPageFactory, ImpactMeasureFactory, PrincipleApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-for-tests"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def account(django_user_model, username, email=None, **extra):
    user = django_user_model.objects.create_user(username, email or f"{username}@example.org", PASSWORD, **extra)
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


def test_the_practitioners_journey_from_draft_to_published(
    daphne_server, catalogue, principles, page, browser, django_user_model, mailoutbox, tmp_path
):
    """Two visits with three impact measures, a proposed organisation, a co-author who accepts by email,
    preview, review with changes requested, resubmission and the published email; axe at 1280 and 390 px."""
    member = account(django_user_model, "zq-handle-4410")
    member.profile.display_name = "Rosa Lindqvist"
    member.profile.save()
    editor = account(django_user_model, "editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))

    def check_accessibility(name):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"journey-{name}-{width}")
            assert axe_violations(page) == [], name
        page.set_viewport_size({"width": 1280, "height": 900})

    # First visit: the basics, one principle, two impact measures, a proposed organisation; saved as a draft.
    sign_in(page, daphne_server, member.email)
    page.goto(f"{daphne_server}/submissions/new/")
    details = page.locator(f"#id_how_{principles[2].pk}")
    assert not details.is_visible()  # a principle's questions show once it is ticked
    page.fill("#id_title", "Neighbours repair bikes with the youth service")
    page.fill("#id_summary", "Young people and older neighbours run a bike repair workshop together.")
    page.select_option("#id_service_area", label="Health")
    page.select_option("#id_region", label="London")
    page.check(f"#principle-{principles[2].pk}")
    assert details.is_visible()
    page.select_option(f"#id_strength_{principles[2].pk}", label="Central")
    details.fill("Older volunteers teach, young people run the rota.")
    page.fill("#id_impact-0-outcome", "Bikes back on the road")
    page.fill("#id_impact-0-metric", "Bikes repaired a year")
    page.fill("#id_impact-0-result", "240")
    page.click("button:has-text('Add another measure')")  # no round trip with JavaScript
    page.fill("#id_impact-1-outcome", "Young people volunteering")
    page.fill("#id_impact-1-metric", "Volunteers on the rota")
    page.click("summary:has-text('Propose an organisation')")
    page.fill("#id_new_organisation_name", "Hollowford Bike Kitchen")
    page.select_option("#id_new_organisation_kind", label="Community group")
    photo = tmp_path / "workshop.png"
    Image.new("RGB", (60, 40), "teal").save(photo)
    page.set_input_files("#id_photos", str(photo))
    check_accessibility("form")
    page.click(".form-actions button:has-text('Save draft')")
    page.wait_for_url("**/submissions/*/")
    assert "Your draft is saved" in page.inner_text("main")

    # Second visit: a third measure, a consent record, a co-author invited by email.
    page.goto(f"{daphne_server}/submissions/")
    page.click("a:has-text('Edit')")
    assert page.input_value("#id_impact-1-outcome") == "Young people volunteering"
    page.click("button:has-text('Add another measure')")
    page.fill("#id_impact-2-outcome", "Older neighbours less isolated")
    page.fill("#id_impact-2-metric", "Say they see friends weekly")
    page.fill("#id_what_was_done", "A weekly workshop in the youth centre, run by both generations.")
    page.fill("#id_consent-0-person", "Volunteer in the photo")
    page.select_option("#id_consent-0-purpose", label="Photographed")
    page.fill("#id_consent-0-given_on", "2026-03-02")
    page.click(".form-actions button:has-text('Save draft')")
    page.wait_for_url("**/submissions/*/")
    page.fill("#id_who", "Rosa Lin")  # the type-ahead offers members by name
    page.wait_for_selector("#co-author-names option[value='Rosa Lindqvist']", state="attached")
    page.fill("#id_who", "co.author@example.net")
    page.select_option("#id_role", label="Person with lived experience of the service")
    page.click("button:has-text('Invite')")
    page.wait_for_url("**/submissions/*/#co-authors")
    call_command("run_worker", "--batch", verbosity=0)
    (invitation_email,) = [m for m in mailoutbox if m.to == ["co.author@example.net"]]
    invitation_url = re.search(rf"{re.escape(daphne_server)}/co-author-invitations/[^\s]+/", invitation_email.body)[0]

    # The co-author signs up (an account made here), opens the link from the email and accepts.
    co_author = account(django_user_model, "co-author", email="co.author@example.net")
    co_author.profile.display_name = "Amal Haddad"
    co_author.profile.save()
    their_page = browser.new_page()
    sign_in(their_page, daphne_server, "co.author@example.net")
    their_page.goto(invitation_url)
    their_page.click("button:has-text('Accept and be credited')")
    assert "you are credited" in their_page.inner_text("main")
    their_page.close()

    # Preview exactly as it will appear, then send it.
    page.reload()
    page.click(".form-actions button:has-text('Preview')")
    page.wait_for_url("**/preview/")
    assert page.locator("h1").inner_text() == "Neighbours repair bikes with the youth service"
    assert "Older neighbours less isolated" in page.inner_text("main")
    check_accessibility("preview")
    page.click("a:has-text('Back to editing')")
    page.click(".form-actions button:has-text('Send for review')")
    page.wait_for_url("**/submissions/")
    assert "Awaiting review" in page.inner_text("main")

    # The editor asks for changes; the member reads the message on their page and by email.
    draft = CaseStudyPage.objects.get(title="Neighbours repair bikes with the youth service")
    draft.current_workflow_state.current_task_state.reject(user=editor, comment="Please say how many people came.")
    call_command("run_worker", "--batch", verbosity=0)
    page.reload()
    assert "Please say how many people came." in page.inner_text("main")
    check_accessibility("changes-requested")
    (changes_email,) = [m for m in mailoutbox if m.to == [member.email]]
    assert "Please say how many people came." in changes_email.body

    page.click("a:has-text('Edit')")
    page.fill("#id_people_reached", "85")
    page.click(".form-actions button:has-text('Send again for review')")
    page.wait_for_url("**/submissions/")

    # The editor approves from the dashboard's review panel, confirming nobody is identifiable without consent.
    totp, _ = with_authenticator_app(editor)  # the admin asks editors for a second factor
    editor_page = browser.new_page()
    editor_page.goto(f"{daphne_server}/admin/login/")
    editor_page.fill("input[name=login]", "editor@example.org")
    editor_page.fill("input[name=password]", PASSWORD)
    editor_page.click("form[action='/accounts/login/'] button[type=submit]")
    editor_page.wait_for_url("**/2fa/authenticate/")
    editor_page.fill("input[name=code]", totp.now())
    editor_page.click("form[action='/accounts/2fa/authenticate/'] button[type=submit]")
    editor_page.wait_for_url("**/admin/")
    editor_page.get_by_role("button", name="Actions").first.click()
    editor_page.locator("button[data-workflow-action-url*='/approve/']").first.click()
    editor_page.get_by_text("Volunteer in the photo").wait_for()
    editor_page.locator("input[name=consent_confirmed]").check()
    screenshot(editor_page, "journey-editor-consent-check")
    with editor_page.expect_response(lambda response: "/workflow/action/" in response.url):
        editor_page.get_by_role("button", name="Approve", exact=True).last.click()
    editor_page.close()

    draft.refresh_from_db()
    assert draft.live
    contributors = [c.name for c in draft.contributors.all()]
    assert contributors == ["Rosa Lindqvist", "Amal Haddad"]
    call_command("run_worker", "--batch", verbosity=0)
    (published_email,) = [m for m in mailoutbox if m.to == [member.email] and "published" in m.subject]
    for message in (invitation_email, changes_email, published_email):
        html = message.alternatives[0][0]
        for part in (message.subject, message.body, html):
            assert member.username not in part
        links = LINK.findall(message.body) + re.findall(r'href="([^"]+)"', html)
        assert links
        assert all(link.startswith(f"{daphne_server}/") for link in links), links
    page.goto(f"{daphne_server}{draft.url}")
    assert page.locator("img.hero-image").count() == 1
    assert "Hollowford Bike Kitchen" in page.inner_text("main")


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
