"""Walk the demo site in Chromium: every page type answers with a Content-Security-Policy that nothing on
it violates, has no console errors, passes axe-core and fits a 320px screen. (Error pages are checked
in test_error_pages: daphne here runs with DEBUG.)"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.discussions.models import Topic
from portal.events.models import Event
from portal.home.models import StandardPage
from portal.network.models import Organisation, PractitionerProfile
from portal.practices.models import CaseStudyPage, PrinciplePage
from tests.conftest import axe_violations, csp_violations, screenshot, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)


def page_types():
    """One URL of every page type a visitor can reach, from the demo content."""
    topic = Topic.objects.select_related("forum").order_by("pk").first()
    return {
        "home": "/",
        "standard-page": StandardPage.objects.live().first().url,
        "principle-index": "/principles/",
        "principle": PrinciplePage.objects.live().first().url,
        "case-study-index": "/case-studies/?service_area=health",
        "case-study": CaseStudyPage.objects.live().first().url,
        "directory": "/practitioners/",
        "profile": f"/practitioners/{PractitionerProfile.objects.first().slug}/",
        "organisation-list": "/organisations/",
        "organisation": f"/organisations/{Organisation.objects.first().slug}/",
        "network-graph": "/network/",
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
        "password-reset": "/accounts/password/reset/",
        "forum-list": "/discussions/",
        "forum": f"/discussions/{topic.forum.slug}/",
        "topic": f"/discussions/{topic.forum.slug}/{topic.slug}/",
        "search": "/search/?q=co-production",
        "evidence-map": "/evidence/",
        "events": "/events/",
        "event": Event.objects.filter(group__isnull=True).order_by("pk").first().get_absolute_url(),
        "events-month": "/events/{0:%Y}/{0:%m}/".format(timezone.localdate()),
    }


def test_every_page_type_is_accessible_and_fits_a_narrow_screen(daphne_server, demo_site, browser):
    failures = {}
    errors = []
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        missing_header = watch_csp(context)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for name, path in page_types().items():
            errors.clear()
            missing_header.clear()
            response = page.goto(daphne_server + path)
            page.wait_for_load_state("networkidle")
            problems = []
            if response.status != 200:
                problems.append(f"status {response.status}")
            problems.extend(f"CSP: {violation}" for violation in csp_violations(page))
            problems.extend(f"no CSP header: {url}" for url in missing_header)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                problems.append("scrolls sideways")
            if width == 1280:
                problems.extend(f"axe {v['id']}: {v['help']} {v['nodes']}" for v in axe_violations(page))
            problems.extend(f"console: {error}" for error in errors)
            screenshot(page, f"walk-{width}-{name}")
            if problems:
                failures[f"{width}px {name} {path}"] = problems
        context.close()

    assert failures == {}
