"""`make run`'s local mode (PORTAL_ENV=local) served by daphne, and every absolute link the site gives out.

Local mode has debugging off, so visitors meet the portal's own error pages, yet it works over plain
http and serves uploads. Each absolute link in the API, the feeds, the sitemap, robots.txt, the
exports and an email must open the running site.
"""

import email
import io
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.conftest import running_daphne, screenshot
from tests.network.factories import PASSWORD, PractitionerProfileFactory, UserFactory
from tests.practices.factories import CaseStudyPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ABSOLUTE = re.compile(r"https?://[^\s\"'<>,\\)]+")
# Hosts that would mean a link was built from a default rather than from the site's public address.
WRONG_HOSTS = {"localhost", "127.0.0.1", "testserver", "example.com", "www.example.com"}


@pytest.fixture
def local_server(transactional_db, settings, tmp_path):
    """daphne as `make run` starts it (PORTAL_ENV=local, no DEBUG), on the test database, writing emails to files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    emails = tmp_path / "emails"
    with running_daphne(
        settings,
        PORTAL_ENV="local",
        DEBUG=None,
        REDIS_URL=None,
        ELASTICSEARCH_URL=None,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(emails),
    ) as base_url:
        yield base_url, emails


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def png(width=64, height=48) -> ImageFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return ImageFile(buffer, name="photo.png")


def test_local_mode_shows_the_portals_own_404_page_not_djangos_debug_page(local_server, site_tree):
    base_url, _ = local_server

    status, html, _ = fetch(f"{base_url}/no-such-page/")

    assert status == 404
    assert "Page not found" in html
    assert 'class="site-header"' in html
    assert "URLconf" not in html  # Django's technical 404 lists every URL pattern


def test_local_mode_signs_in_over_plain_http_with_cookies_not_marked_secure(local_server, site_tree, browser):
    base_url, _ = local_server
    user = UserFactory()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    assert page.url.startswith(base_url)  # no redirect to https
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    assert "sessionid" in cookies
    assert not cookies["sessionid"]["secure"]
    assert not cookies["csrftoken"]["secure"]
    assert page.get_by_role("button", name="Sign out").count() == 1
    context.close()


def test_uploaded_images_load_in_local_mode(local_server, site_tree, browser):
    base_url, _ = local_server
    profile = PractitionerProfileFactory(display_name="Amara Okafor")
    profile.avatar.save("amara.png", png(), save=True)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    photo = get_image_model().objects.create(title="Residents at the meeting", file=png(800, 450), collection=root)
    case_study = CaseStudyPageFactory(title="Residents decide the budget", hero_image=photo)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()

    for path, selector in ((profile.get_absolute_url(), "img.avatar"), (case_study.url, "img.hero-image")):
        page.goto(base_url + path)
        image = page.locator(selector)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{selector} on {path} did not load"
        assert image.get_attribute("src").startswith("/media/")
    screenshot(page, "local-mode-uploaded-image")
    page.context.close()


def links_in(text: str) -> set[str]:
    return {link.rstrip(".;") for link in ABSOLUTE.findall(text.replace("&amp;", "&"))}


def test_every_absolute_link_in_api_feeds_sitemap_exports_and_email_opens_the_running_site(
    local_server, settings, browser
):
    base_url, emails = local_server
    settings.DEBUG = True  # the demo loader is for local use
    call_command("load_demo_content", verbosity=0)
    base_host = urlsplit(base_url).netloc

    sources = [
        "/api/v2/pages/?limit=50",
        "/api/v2/pages/?type=practices.CaseStudyPage&fields=*&limit=3",
        "/api/schema/",
        "/feeds/case-studies/",
        "/sitemap.xml",
        "/robots.txt",
        "/search/export.csv?type=case_study",
        "/search/export.json?q=budget",
        "/evidence.csv",
    ]
    ours, wrong = set(), {}
    for source in sources:
        status, body, _ = fetch(base_url + source)
        assert status == 200, source
        found = links_in(body)
        ours |= {link for link in found if urlsplit(link).netloc == base_host}
        wrong[source] = sorted(
            link
            for link in found
            if (urlsplit(link).hostname in WRONG_HOSTS and urlsplit(link).netloc != base_host)
            or link.startswith(base_url.replace("http:", "https:"))
        )
    assert {source: links for source, links in wrong.items() if links} == {}

    # An email: allauth's password reset, asked for in the browser, as a member would.
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{base_url}/accounts/password/reset/")
    page.fill("input[name=email]", user.email)
    page.click("form[action='/accounts/password/reset/'] button[type=submit]")
    page.wait_for_url(lambda url: "/password/reset/done/" in url)
    (sent,) = [email.message_from_string(path.read_text()) for path in Path(emails).glob("*.log")]
    body = sent.get_payload(decode=True).decode() if not sent.is_multipart() else sent.get_payload(0).get_payload()
    email_links = links_in(body)
    assert email_links
    assert all(urlsplit(link).netloc == base_host for link in email_links), email_links
    assert "example.com" not in body + sent["Subject"]
    ours |= email_links

    paths = {urlsplit(link).path for link in ours}
    assert {"/", "/sitemap.xml", "/case-studies/", "/feeds/case-studies/"} <= paths
    assert any(path.startswith("/practitioners/") for path in paths)
    assert any(path.startswith("/discussions/") for path in paths)
    broken = {}
    for link in sorted(ours):
        status, _, _ = fetch(link)
        if status != 200:
            broken[link] = status
    assert broken == {}
    page.goto(sorted(email_links)[0])
    assert page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "local-mode-email-link")
    page.context.close()
