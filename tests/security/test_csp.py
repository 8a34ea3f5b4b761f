"""The Content-Security-Policy header: strict on the public site, the admin's own policy under /admin/."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def test_public_pages_run_scripts_only_from_the_site_itself(client, site_tree):
    policy = directives(client.get("/"))

    assert policy["script-src"][0] == "'self'"
    assert all(source == "'self'" or source.startswith("'nonce-") for source in policy["script-src"])
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]


def test_connect_src_allows_this_hosts_websocket_only(client, site_tree):
    policy = directives(client.get("/", HTTP_HOST="localhost"))

    assert policy["connect-src"] == ["'self'", "ws://localhost", "wss://localhost"]


def test_connect_src_over_https_allows_only_the_secure_socket(client, site_tree, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    policy = directives(client.get("/", HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https"))

    assert policy["connect-src"] == ["'self'", "wss://localhost"]


def test_violations_are_reported_to_the_portal_in_both_formats(client, site_tree):
    response = client.get("/")
    policy = directives(response)

    assert policy["report-uri"] == ["/csp-report/"]
    assert policy["report-to"] == ["csp"]
    assert response["Reporting-Endpoints"] == 'csp="http://testserver/csp-report/"'


def test_a_nonce_used_by_a_template_reaches_the_header_and_differs_per_request(rf):
    from django.http import HttpResponse

    from portal.security.csp import PortalCSPMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    middleware = PortalCSPMiddleware(view)
    nonces = []
    for _ in range(2):
        response = middleware(rf.get("/"))
        nonce = response.content.decode().split('"')[1]
        assert f"'nonce-{nonce}'" in directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize("path", ["/static/css/portal.css", "/healthz/", "/accounts/login/", "/no-such-page/"])
def test_every_kind_of_response_has_the_header(client, site_tree, settings, path):
    settings.DEBUG = False

    response = client.get(path)

    assert "Content-Security-Policy" in response, response.status_code


def test_the_admin_gets_its_own_policy_that_still_refuses_plugins_and_foreign_framing(admin_client, site_tree):
    policy = directives(admin_client.get("/admin/"))

    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_the_admin_runs_no_inline_script_without_the_requests_nonce(admin_client, site_tree):
    import re

    response = admin_client.get("/admin/users/")  # its last-login filter: Wagtail's inline initDateChooser scripts
    policy = directives(response)
    html = response.content.decode()

    assert "'unsafe-inline'" not in policy["script-src-elem"]
    nonce = next(source for source in policy["script-src-elem"] if source.startswith("'nonce-"))[7:-1]
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert "initDateChooser" in html
    assert inline_scripts
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)


def test_a_chooser_widget_gives_its_script_the_nonce_of_the_request(admin_client, site_tree):
    response = admin_client.get("/admin/snippets/network/organisation/add/")  # its region is a snippet chooser
    nonce = next(s for s in directives(response)["script-src-elem"] if s.startswith("'nonce-"))[7:-1]

    assert f'<script nonce="{nonce}">new SnippetChooser(' in response.content.decode()


def test_a_preview_gets_the_admins_policy_so_the_editor_can_frame_it(admin_client, site_tree):
    from wagtail.models import Page

    page = Page.objects.get(depth=2).specific
    admin_client.post(f"/admin/pages/{page.pk}/edit/preview/", {"title": page.title, "slug": page.slug})
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/?in_preview_panel=true")

    assert directives(response)["frame-ancestors"] == ["'self'"]
