"""In Chromium at 1280 and 390 px: a member builds an evidence pack, shares it and saves a search; axe-core passes."""

import re

import pytest
from allauth.account.models import EmailAddress

from portal.evidence.models import EvidencePack
from portal.search.services import rebuild_all
from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-password-for-tests"


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def check(page, name, width):
    screenshot(page, f"evidence-{width}-{name}")
    assert axe_violations(page) == [], name
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), f"{name} scrolls"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_member_builds_shares_and_revokes_an_evidence_pack(
    daphne_server, browser, published_case_study, django_user_model, width
):
    user = django_user_model.objects.create_user("policy", "policy@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    case_study = published_case_study(title="Time bank at the surgery")
    rebuild_all()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, daphne_server, "policy@example.org")

    page.goto(f"{daphne_server}/search/?q=time+bank")
    check(page, "search", width)
    page.get_by_role("link", name=re.compile(r"^Add to an evidence pack\W+Time bank at the surgery$")).click()
    page.fill("#id_new_pack_name", "Ageing well <evidence>")
    page.fill("#id_note", "Costs fell & people stayed well")
    check(page, "add-to-pack", width)
    page.get_by_role("button", name="Add to the pack").click()
    page.wait_for_url("**/evidence-packs/*/")
    assert "Costs fell & people stayed well" in page.input_value("textarea")
    check(page, "pack", width)

    page.get_by_role("button", name="Share by a private link").click()
    shared_link = page.input_value("#shared-link")
    check(page, "pack-shared", width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Citations (RIS)").click()
    assert download.value.suggested_filename.endswith(".ris")

    reader = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    reader.goto(shared_link)
    assert case_study.title in reader.inner_text("main")
    check(reader, "shared-pack", width)

    page.get_by_role("button", name="Stop sharing (the link stops working)").click()
    page.wait_for_load_state()
    assert reader.goto(shared_link).status == 404

    page.goto(f"{daphne_server}/evidence-packs/")
    check(page, "pack-list", width)
    page.goto(f"{daphne_server}/search/?q=time+bank")
    page.get_by_role("link", name="Save this search").click()
    page.fill("#id_name", "Time banks")
    page.get_by_role("button", name="Save and tell me of new evidence").click()
    page.wait_for_url("**/saved-searches/")
    check(page, "saved-searches", width)

    page.goto(daphne_server + case_study.url)
    check(page, "case-study-cite", width)
    assert "Cite this case study" in page.inner_text("main")
    page.goto(f"{daphne_server}/case-studies/versions/{case_study.pk}/{case_study.live_revision_id}/")
    assert "It is the current version" in page.inner_text("main")
    check(page, "case-study-version", width)
    assert EvidencePack.objects.get(owner=user).name == "Ageing well <evidence>"
    assert errors == []
    context.close()
