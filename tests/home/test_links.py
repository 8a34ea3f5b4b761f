"""One public base URL (PORTAL_BASE_URL) behind every absolute link: the Site records, the API, feeds,
the sitemap, exports and emails."""

import csv
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import call_command
from wagtail.models import Site

from portal.discussions import services as discussions_services
from portal.home.services import sync_site_records
from portal.notifications.services import send_immediate_emails
from portal.search import database as search_database
from tests.discussions.conftest import comment_data
from tests.discussions.factories import TopicFactory
from tests.network.factories import OrganisationFactory, PractitionerProfileFactory, UserFactory
from tests.practices.factories import (
    CaseStudyPageFactory,
    PrincipleApplicationFactory,
    PrinciplePageFactory,
    RegionFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ABSOLUTE = re.compile(r"https?://[^\s\"'<>,]+")


@pytest.fixture
def public_address(settings, site_tree):
    settings.PORTAL_BASE_URL = BASE
    sync_site_records()
    return BASE


@pytest.fixture
def published(site_tree):
    health = ServiceAreaFactory(name="Health", slug="health")
    principle = PrinciplePageFactory(title="Reciprocity", slug="reciprocity")
    case_study = CaseStudyPageFactory(
        title="Time bank at the surgery", service_area=health, region=RegionFactory(), evidence_level=4
    )
    PrincipleApplicationFactory(page=case_study, principle=principle, strength=3, how="Hours are swapped.")
    return case_study


def test_the_site_records_take_the_public_address_and_the_sites_name(public_address):
    site = Site.objects.get(is_default_site=True)
    django_site = DjangoSite.objects.get_current()

    assert site.root_url == BASE
    assert (django_site.domain, django_site.name) == ("portal.example.org", "Co-production portal")


def test_a_port_in_the_public_address_is_kept(settings, site_tree):
    settings.PORTAL_BASE_URL = "http://localhost:8123"

    sync_site_records()

    assert Site.objects.get(is_default_site=True).root_url == "http://localhost:8123"
    assert DjangoSite.objects.get_current().domain == "localhost:8123"


def test_migrate_points_the_site_records_at_the_public_address(settings, site_tree):
    settings.PORTAL_BASE_URL = "https://evidence.example.net"

    call_command("migrate", verbosity=0)

    assert Site.objects.get(is_default_site=True).root_url == "https://evidence.example.net"
    assert DjangoSite.objects.get_current().domain == "evidence.example.net"


def test_the_apis_html_url_is_on_the_public_address(client, public_address, published):
    body = client.get("/api/v2/pages/?type=practices.CaseStudyPage").json()

    (item,) = body["items"]
    assert item["meta"]["html_url"] == f"{BASE}/case-studies/{published.slug}/"
    assert item["meta"]["detail_url"].startswith(f"{BASE}/api/v2/pages/")


def test_feed_links_are_on_the_public_address(client, public_address, published):
    for url in ("/feeds/case-studies/", "/feeds/case-studies/health/"):
        feed = ET.fromstring(client.get(url).content)
        links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
        ids = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}id")]

        assert links
        assert ids
        assert all(link.startswith(f"{BASE}/") for link in links + ids), links + ids
        assert f"{BASE}/case-studies/{published.slug}/" in links


def test_csv_and_json_exports_carry_absolute_links(client, public_address, published, settings):
    settings.ELASTICSEARCH_URL = ""  # the database answers; the links are the same either way
    search_database.rebuild()

    rows = list(csv.DictReader(io.StringIO(client.get("/search/export.csv?type=case_study").content.decode())))
    body = json.loads(client.get("/search/export.json?type=case_study").content)

    assert [row["url"] for row in rows] == [f"{BASE}/case-studies/{published.slug}/"]
    assert [row["url"] for row in body["results"]] == [f"{BASE}/case-studies/{published.slug}/"]


def test_gap_map_csv_has_a_row_per_cell_with_evidence_levels_and_a_link(client, public_address, published, settings):
    settings.ELASTICSEARCH_URL = ""
    search_database.rebuild()

    rows = list(csv.DictReader(io.StringIO(client.get("/evidence.csv").content.decode())))

    (cell,) = [row for row in rows if row["service_area"] == "Health" and row["principle"] == "Reciprocity"]
    assert (cell["case_studies"], cell["strongest_level"], cell["level_4"], cell["level_1"]) == ("1", "4", "1", "0")
    assert cell["url"] == f"{BASE}/search/?type=case_study&service_area=health&principle=reciprocity"


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_pages_practitioners_organisations_and_topics_on_the_public_address(
    client, public_address, published
):
    profile = PractitionerProfileFactory(display_name="Amara Okafor")
    organisation = OrganisationFactory(name="Tarnside Time Bank")
    topic = TopicFactory()

    locations = sitemap_locations(client)

    assert all(location.startswith(f"{BASE}/") for location in locations), locations
    for path in (
        "/",
        f"/case-studies/{published.slug}/",
        "/principles/reciprocity/",
        profile.get_absolute_url(),
        organisation.get_absolute_url(),
        topic.get_absolute_url(),
    ):
        assert f"{BASE}{path}" in locations


def test_sitemap_leaves_out_drafts_private_pages_suspended_members_and_unfilled_staff(
    client, public_address, published, django_user_model
):
    from wagtail.models import PageViewRestriction

    from portal.network.services import suspend_account

    draft = CaseStudyPageFactory(title="Unpublished draft", live=False)
    private = CaseStudyPageFactory(title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    suspended = PractitionerProfileFactory(display_name="Suspended Member")
    suspend_account(profile=suspended, reason="spam")
    staff = django_user_model.objects.create_user("editor", "editor@example.org", "a-long-password-1", is_staff=True)

    locations = "\n".join(sitemap_locations(client))

    for path in (draft.slug, private.slug, suspended.slug, staff.profile.slug):
        assert f"/{path}/" not in locations


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_paths(client, public_address):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    for path in ("/admin/", "/accounts/", "/search/export.csv", "/search/export.json"):
        assert f"Disallow: {path}" in lines


def test_discussion_emails_link_to_the_public_address(
    client, public_address, mailoutbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    discussions_services.follow(user=UserFactory(), target=topic)
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/discussions/comments/post/", comment_data(topic, "We pay in time credits.", next_url="/"))
    send_immediate_emails()  # the worker's job

    (message,) = mailoutbox
    links = ABSOLUTE.findall(message.body)
    assert any(link.startswith(f"{BASE}{topic.get_absolute_url()}") for link in links), links
    assert all(link.startswith(f"{BASE}/") for link in links), links


def test_sign_up_email_names_the_portal_never_example_com(client, public_address, mailoutbox, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = client.post(
        "/accounts/signup/",
        {
            "email": f"new-{uuid.uuid4().hex[:10]}@example.org",  # mail is rate-limited per address
            "password1": "a-long-enough-passphrase-1",
            "password2": "a-long-enough-passphrase-1",
            "display_name": "New Member",
            "terms": "on",
        },
        REMOTE_ADDR=f"192.0.2.{uuid.uuid4().int % 250 + 1}",  # and sign-ups per client address
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    (message,) = mailoutbox
    assert "example.com" not in message.subject + message.body
    assert "Co-production portal" in message.subject + message.body
