"""The editors' dashboard in Chromium: the panels show on the admin home page and axe finds nothing
serious in them (Wagtail's own admin chrome around them is Wagtail's to test)."""

import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from portal.home.groups import ensure_groups
from tests.accounts.factories import with_authenticator_app
from tests.conftest import inject_axe, screenshot
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
    inject_axe(page)  # through DevTools: the admin's policy refuses an inline <script> without the nonce
    result = page.evaluate("async () => await axe.run({include: [['section.w-panel']]}, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()


# Admin routes with nothing to fill in that are no screen of their own: modal and listing fragments, APIs,
# the sign-in and sign-out redirects, Wagtail's deliberate error page.
NOT_SCREENS = ("/results/", "/choose", "/chooser/", "/api/", "/jsi18n/", "/chosen-multiple/", "/block-preview/")
NOT_SCREEN_PATHS = {"/admin/login/", "/admin/logout/", "/admin/failwhale/", "/admin/dismissibles/", "/admin/test404/"}
NOT_SCREEN_PATHS |= {"/admin/redirects/import/process/"}  # the import's POST step
NOT_SCREENS += ("/sprite/", "/tag-autocomplete/", "/task_chooser/")


def admin_screens(user) -> list[str]:
    """Every admin screen: each route without arguments, and the edit screen of one object of each kind."""
    from django.contrib.auth.models import Group as UserGroup
    from django.urls import reverse
    from wagtail.admin.admin_url_finder import AdminURLFinder
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page, Workflow
    from wagtail.snippets.models import get_snippet_models

    from portal.home.models import StandardPage
    from portal.practices.models import CaseStudyPage
    from tests.security.test_bad_input import concrete_paths

    paths = [
        path
        for path in concrete_paths()
        if path.startswith("/admin/")
        and not any(sample in path for sample in ("sample", "/1/", "0" * 32))  # routes with arguments
        and not any(part in path for part in NOT_SCREENS)
        and not path.startswith("/admin/password_reset/")
        and path not in NOT_SCREEN_PATHS
    ]
    finder = AdminURLFinder(user)
    objects = [model.objects.order_by("pk").first() for model in get_snippet_models()]
    objects += [Image.objects.first(), Document.objects.first(), user, UserGroup.objects.first()]
    objects += [Workflow.objects.first(), StandardPage.objects.first()]
    one_page_per_type = {page.content_type_id: page for page in Page.objects.filter(depth__gt=1).order_by("-pk")}
    objects += [page.specific for page in one_page_per_type.values()]
    for instance in objects:
        if instance is not None and (url := finder.get_edit_url(instance)):
            paths.append(url)
    case_study = CaseStudyPage.objects.first()
    paths += [f"/admin/pages/{case_study.pk}/history/", f"/admin/pages/{case_study.pk}/edit/preview/"]
    paths += [reverse("wagtailsettings:edit", args=[m._meta.app_label, m._meta.model_name]) for m in settings_registry]
    paths += ["/django-admin/", "/django-admin/auth/user/", f"/django-admin/auth/user/{user.pk}/change/"]
    return list(dict.fromkeys(paths))


def png_bytes() -> bytes:
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (120, 80), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.timeout(600)  # about a hundred screens
def test_every_admin_screen_works_under_the_admins_strict_content_security_policy(daphne_server, browser):
    """A superuser with a second factor walks every admin screen at 1280 px: no CSP violation, no console
    error; then edits and publishes a page with a StreamField, uploads an image and opens the preview."""
    from wagtail.images.models import Image
    from wagtail.models import Collection

    from portal.practices.models import PrinciplePage
    from tests.conftest import csp_violations, watch_csp

    if not Collection.objects.exists():  # the flush between transactional tests removes the migration's root
        Collection.add_root(name="Root")
    user = PractitionerProfileFactory(display_name="Policy Editor").user
    user.is_staff = user.is_superuser = True
    user.save()
    with_authenticator_app(user)  # the admin asks superusers for a second factor
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/London")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": daphne_server}])
    missing_header = watch_csp(context)
    page = context.new_page()
    console_errors = []  # the browser's own word on the policy (Wagtail's other console noise is not this test's)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    screens = admin_screens(user)
    assert len(screens) > 60
    for expected in ("/admin/review-queue/", "/admin/reports/insight/", "/admin/imports/case-studies/"):
        assert expected in screens

    failures = {}
    for path in screens:
        try:
            response = page.goto(daphne_server + path)
            page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))")
        except PlaywrightError as error:
            failures[path] = [str(error).splitlines()[0]]
            continue
        problems = [] if response.status == 200 else [f"status {response.status}"]
        problems += csp_violations(page) + console_errors  # may take in more answers, so before the filter
        # Wagtail's editing-session ping is answered 400 without a page around it when the walk moves on at once.
        missing = [url for url in missing_header if "/editing-sessions/ping/" not in url]
        problems += [f"no CSP header: {url}" for url in missing]
        missing_header.clear()
        console_errors.clear()
        if problems:
            failures[path] = problems

    # The editor's busiest moment: a new rich text block in the StreamField (Draftail, React), then publish.
    principle = PrinciplePage.objects.live().first()
    editor = f"/admin/pages/{principle.pk}/edit/"
    page.goto(daphne_server + editor, wait_until="networkidle")
    # Every rich text editor on the page (Draftail, React) has mounted under the policy by now; the edit
    # itself goes into a plain field, which a keyboard in a headless browser always reaches.
    page.locator(".Draftail-Editor [contenteditable=true]").first.wait_for()
    page.locator("#id_summary").fill("Written under the admin's policy.")
    page.locator("[data-side-panel-toggle='preview']").click()
    page.frame_locator("#w-preview-iframe").locator("main").wait_for()
    preview_frame = next(frame for frame in page.frames if "/preview/" in frame.url)
    failures["preview panel"] = preview_frame.evaluate("() => window.__cspViolations || []")
    screenshot(page, "admin-editor-preview-panel")
    page.locator(".w-dropdown-button button", has_text="More actions").click()
    page.locator("button[name='action-publish']").click()
    page.locator(".messages .success, .messages .error, .help-critical").first.wait_for()
    screenshot(page, "admin-editor-published")
    failures["editor, preview and publish"] = csp_violations(page) + console_errors
    principle.refresh_from_db()
    assert principle.summary == "Written under the admin's policy."
    assert not principle.has_unpublished_changes

    page.goto(daphne_server + "/admin/images/multiple/add/", wait_until="networkidle")
    page.locator("input[type=file]").set_input_files(
        {"name": "policy-upload.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.locator(".status-msg.success").first.wait_for()
    screenshot(page, "admin-image-uploaded")
    failures["image upload"] = csp_violations(page) + console_errors
    assert Image.objects.filter(title__icontains="policy-upload").exists()
    context.close()

    failures = {where: problems for where, problems in failures.items() if problems}
    assert failures == {}, "\n".join(f"{where}: {problems}" for where, problems in failures.items())
