"""Control characters are refused at the edge (400 with a message) for every route of the site, on PostgreSQL.

The routes are walked from the URL configuration, so a view added later is covered without a new test.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from portal.security.input import has_control_characters

pytestmark = pytest.mark.django_db

SAMPLE_ARGUMENTS = {"int": "1", "str": "sample", "slug": "sample", "path": "sample", "uuid": "0" * 32}


def concrete_paths(patterns=None, prefix="") -> list[str]:
    """One path per URL pattern of the site, converters filled with sample values (regex patterns skipped)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    paths = []
    for entry in patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:
            regex = entry.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
            if any(c in regex for c in "()[]*+?\\"):
                continue  # Wagtail's own regex routes: its page catch-all is walked via the page tree
            route = regex
        for name, value in SAMPLE_ARGUMENTS.items():
            while f"<{name}:" in route:
                start = route.index(f"<{name}:")
                route = route[:start] + value + route[route.index(">", start) + 1 :]
        while "<" in route:
            start = route.index("<")
            route = route[:start] + "sample" + route[route.index(">", start) + 1 :]
        if isinstance(entry, URLResolver):
            paths.extend(concrete_paths(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


@pytest.fixture
def demo_site(settings):
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    call_command("load_demo_content", verbosity=0)


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


def every_path():
    return concrete_paths() + [page.url for page in Page.objects.live().specific() if page.url]


def assert_refused(response, where):
    assert response.status_code == 400, response.status_code
    body = response.content.decode()
    assert "control character" in body
    assert where in body


SCANNER_FINDINGS = [
    "/case-studies/?principle=x%00",
    "/case-studies/?tag=a%00b",
    "/practitioners/?region=%00",
    "/practitioners/?q=%00",
]
BAD_QUERIES = ["q=%00", "page=1&x%01y=1", "region=a%00b&service_area=%1b"]
BAD_JSON = json.dumps({"query": {"text": "a\u0000b"}, "items": ["ok"]})


def refusals_for(client, path) -> dict[str, int]:
    """Every way of sending a control character to `path`, mapped to the status each got when not a 400."""
    bad_path = path.rstrip("/") + "/a%00b/"
    attempts = {f"GET {path}?{query}": lambda q=query: client.get(f"{path}?{q}") for query in BAD_QUERIES}
    attempts[f"POST form {path}"] = lambda: client.post(path, {"q": "x", "comment": "Hello\x00", "name": "ok"})
    attempts[f"POST JSON {path}"] = lambda: client.post(path, BAD_JSON, content_type="application/json")
    attempts[f"GET {bad_path}"] = lambda: client.get(bad_path)
    failures = {}
    for name, attempt in attempts.items():
        response = attempt()
        if response.status_code != 400 or b"control character" not in response.content:
            failures[name] = response.status_code
    return failures


def test_the_scanners_findings_answer_400_not_500(client, demo_site):
    for url in SCANNER_FINDINGS:
        assert_refused(client.get(url), "the query string")


def test_every_route_and_page_refuses_control_characters_in_every_input(signed_in, demo_site):
    paths = every_path()
    for expected in ("/practitioners/", "/search/", "/discussions/", "/accounts/signup/", "/api/search/", "/admin/"):
        assert expected in paths
    assert "/case-studies/" in paths  # a Wagtail page, from the page tree
    assert len(paths) > 150

    failures = {}
    for path in paths:
        failures.update(refusals_for(signed_in, path))

    assert failures == {}


def test_an_uploaded_file_name_loses_its_control_characters(signed_in, site_tree):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    upload = SimpleUploadedFile("report\x00\x1b.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = signed_in.post("/admin/documents/multiple/add/", {"files[]": upload})

    assert response.status_code == 200
    document = Document.objects.get()
    assert not has_control_characters(document.file.name)
    assert not has_control_characters(document.title)


def test_line_breaks_and_tabs_in_a_form_are_welcome(client):
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "a\tb\r\nc"})

    assert response.status_code == 200  # the form's own answer: wrong password, not a refusal


@pytest.mark.parametrize(
    ("value", "forbidden"),
    [
        ("plain text", False),
        ("line one\nline two\ttabbed\r\n", False),
        ("nul\x00", True),
        ("escape \x1b[31m", True),
        ("delete \x7f", True),
        ("lone surrogate \ud800", True),
        ({"nested": ["ok", {"deep\x00key": 1}]}, True),
        (["é", "日本語", "emoji 🙂"], False),
        (42, False),
    ],
)
def test_what_counts_as_a_control_character(value, forbidden):
    assert has_control_characters(value) is forbidden


def test_a_session_cookie_with_a_nul_is_ignored_not_a_500(client, site_tree):
    client.cookies["sessionid"] = "abcdefghijkl\x00mn"

    response = client.get("/accounts/login/")

    assert response.status_code == 200


def test_a_browser_gets_the_refusal_as_a_page_even_when_signed_in(client, admin_user, site_tree):
    client.force_login(admin_user)

    response = client.get("/search/?q=%00", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert_refused(response, "the query string")
    assert response["Content-Type"].startswith("text/html")
    assert b"We could not understand that request" in response.content


def test_any_other_client_gets_the_refusal_as_json(client, site_tree):
    response = client.get("/api/search/?q=%00", HTTP_ACCEPT="*/*")

    assert response.status_code == 400
    assert "control character" in response.json()["error"]


THIS_ROUNDS_ROUTES = [
    "/groups/",
    "/groups/propose/",
    "/groups/sample/join/",
    "/groups/sample/notice/",
    "/events/",
    "/events/sample/register/",
    "/events/calendar.ics",
    "/reports/sample/sample/",
    "/take-down/",
    "/practitioners/sample/contact/",
    "/practitioners/messages/1/report/",
    "/notifications/",
    "/notifications/settings/",
    "/admin/review-queue/",
    "/admin/review-queue/decisions/1/status.json",
    "/submissions/1/co-authors/suggestions/",
]


def test_the_walk_covers_this_rounds_routes():
    # The walk skips regex routes: a new route written that way would silently drop out of the test above.
    paths = concrete_paths()

    assert [route for route in THIS_ROUNDS_ROUTES if route not in paths] == []


@pytest.fixture
def real_objects(site_tree):
    """This round's pages with real objects behind them, so a refusal is the edge's and not a 404."""
    from portal.moderation.models import BulkDecision
    from tests.discussions.factories import TopicFactory
    from tests.events.factories import EventFactory
    from tests.groups.factories import GroupFactory
    from tests.network.factories import PractitionerProfileFactory

    topic = TopicFactory()
    mentor = PractitionerProfileFactory(display_name="Priya Mentor", open_to=["mentoring"])
    return {
        "group": GroupFactory(name="Bad input group").get_absolute_url(),
        "event": EventFactory(title="Bad input event").get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "contact": f"/practitioners/{mentor.slug}/contact/",
        "decision": BulkDecision.objects.create(action="approve", item_ids=[1]).pk,
    }


def test_this_rounds_forms_refuse_a_nul_in_any_field_and_write_nothing(signed_in, real_objects):
    from portal.groups.models import Group
    from portal.moderation.models import TakedownRequest
    from portal.network.models import ContactMessage

    posts = {
        "/take-down/": {"page_url": "/x/", "reason": "other", "details": "a\x00b", "email": "a@example.org"},
        real_objects["contact"]: {"about": "mentoring", "message": "Hello\x00"},
        "/groups/propose/": {"name": "G\x00", "kind": "topic", "access": "open", "summary": "s"},
        real_objects["group"] + "notice/": {"subject": "s\x1b", "message": "m"},
        real_objects["event"] + "register/": {"note": "\x00"},
        "/reports/network.profile/1/": {"reason": "spam", "note": "\x7f"},
        "/notifications/settings/": {"discussions.comment": "daily\x00"},
    }
    for path, data in posts.items():
        assert_refused(signed_in.post(path, data), "a form field")

    assert not TakedownRequest.objects.exists()
    assert not ContactMessage.objects.exists()
    assert not Group.objects.filter(name__startswith="G").exists()


def test_this_rounds_pages_refuse_a_nul_in_the_query_string(signed_in, real_objects):
    status = f"/admin/review-queue/decisions/{real_objects['decision']}/status.json"
    urls = [
        real_objects["topic"] + "?page=%00",
        real_objects["topic"] + "?c=1%00",
        real_objects["group"] + "?page=%01",
        real_objects["event"] + "?x=%00",
        "/events/?month=%00",
        "/notifications/?page=%00",
        status + "?since=%00",
        "/submissions/1/co-authors/suggestions/?q=%00",
        "/take-down/?page=%00",
    ]
    for url in urls:
        assert_refused(signed_in.get(url), "the query string")
    # The same pages answer when the input is clean.
    assert signed_in.get(real_objects["topic"] + "?page=1").status_code == 200
    assert signed_in.get(status).status_code == 200
