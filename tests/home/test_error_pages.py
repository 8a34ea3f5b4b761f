"""Error pages come in the site's design, with a way forward; the 500 page needs no database."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client
from django.views.defaults import permission_denied, server_error

from tests.conftest import axe_violations, screenshot
from tests.home.test_valid_html import validate

CSRF_FAILURE_TEXT = "Please send the form again"
STYLESHEET_LOADED = "[...document.styleSheets].some(s => (s.href || '').includes('portal') && s.cssRules.length > 0)"


def error_documents(client, rf, django_db_blocker) -> dict[str, tuple[int, bytes]]:
    """Each error page as Django's own handlers answer it (DEBUG is off in tests)."""
    not_found = client.get("/no-such-page/")
    csrf_failure = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x", "password": "y"})
    request = rf.get("/members-only/")
    request.user = AnonymousUser()
    forbidden = permission_denied(request, PermissionDenied())
    with django_db_blocker.block():  # the database being down is a usual reason for a 500
        failed = server_error(rf.get("/"))
    return {
        name: (response.status_code, response.content)
        for name, response in {"404": not_found, "403-csrf": csrf_failure, "403": forbidden, "500": failed}.items()
    }


def test_404_is_in_the_site_design(client, site_tree):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="skip-link"' in body


def test_csrf_failure_explains_what_to_do(site_tree, django_user_model):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.create_user("m", "m@example.org", "a-long-password-1"))

    response = strict.post("/submissions/new/", {"title": "x"})

    assert response.status_code == 403
    assert CSRF_FAILURE_TEXT in response.content.decode()


def test_server_error_page_is_in_the_site_design_without_a_database(rf, django_db_blocker):
    with django_db_blocker.block():
        response = server_error(rf.get("/case-studies/"))

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    for part in ('class="skip-link"', 'class="site-header"', 'aria-label="Main"', 'class="site-footer"', "portal.css"):
        assert part in body


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_error_templates_render_without_a_request(template, db):
    html = render_to_string(template, {})

    assert "Co-production portal" in html


def test_error_pages_are_valid_html(client, rf, django_db_blocker, site_tree, tmp_path):
    documents = {name: html for name, (_status, html) in error_documents(client, rf, django_db_blocker).items()}

    errors = validate(documents, tmp_path)

    assert errors == {}, "\n".join(f"{name}: {error}" for name, found in errors.items() for error in found)


def serve(status: int, html: bytes):
    return lambda route: route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_pages_are_accessible_and_fit_a_narrow_screen(
    daphne_server, site_tree, browser, client, rf, django_db_blocker
):
    # The test server runs with DEBUG on (Django's technical pages), so each page comes from Django's
    # handlers here and is served at a URL of the running site, whose stylesheet and scripts it loads.
    documents = error_documents(client, rf, django_db_blocker)
    failures = {}
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, (status, html) in documents.items():
            url = f"{daphne_server}/error-page-{name}/"
            page.route(url, serve(status, html))
            response = page.goto(url)
            problems = [] if response.status == status else [f"status {response.status}"]
            if not page.evaluate(STYLESHEET_LOADED):
                problems.append("stylesheet not loaded")
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                problems.append("scrolls sideways")
            problems.extend(f"axe {v['id']}: {v['help']} {v['nodes']}" for v in axe_violations(page))
            screenshot(page, f"error-{width}-{name}")
            if problems:
                failures[f"{width}px {name}"] = problems
        context.close()

    assert failures == {}
