"""Every page type of the demo site is valid HTML, as the Nu HTML Checker (vnu.jar, from npm) judges it."""

import json
import shutil
import subprocess

import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT
from tests.home.test_walkthrough import page_types
from tests.network.factories import PractitionerProfileFactory

VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# Pages only a signed-in member sees in this form (their home page, their forms).
def member_pages(visitor_pages):
    return {
        "home-signed-in": "/",
        "topic-signed-in": visitor_pages["topic"],
        "new-topic": visitor_pages["forum"] + "new/",
        "share-case-study": "/submissions/new/",
        "my-submissions": "/submissions/",
        "profile-edit": "/profile/",
        "notification-settings": "/notifications/settings/",
    }


def validate(documents: dict[str, bytes], folder) -> dict[str, list[str]]:
    """Check every document in one run of the checker (starting the JVM is the slow part)."""
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: `make test` runs `npm ci`.", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML Checker needs a Java runtime (17 or newer).", pytrace=False)
    for name, html in documents.items():
        (folder / f"{name}.html").write_bytes(html)
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, folder.glob("*.html")),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1].removesuffix(".html")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, tmp_path):
    call_command("load_demo_content", force=True, verbosity=0)
    documents = {}
    visitor_pages = page_types()
    for name, path in visitor_pages.items():
        response = client.get(path)
        assert response.status_code == 200, f"{name} {path} answered {response.status_code}"
        documents[name] = response.content
    documents["not-found"] = client.get("/no-such-page/").content

    member = PractitionerProfileFactory(display_name="Valid Member").user
    client.force_login(member)
    for name, path in member_pages(visitor_pages).items():
        response = client.get(path)
        assert response.status_code == 200, f"{name} {path} answered {response.status_code}"
        documents[name] = response.content

    errors = validate(documents, tmp_path)
    assert errors == {}, "\n".join(f"{name}: {error}" for name, found in errors.items() for error in found)


@pytest.mark.django_db
def test_forms_sent_back_with_errors_are_valid_html(client, tmp_path):
    """A form returned with its errors (an error summary, messages tied to fields) is still valid HTML."""
    call_command("load_demo_content", force=True, verbosity=0)
    forum = page_types()["forum"]
    documents = {
        "sign-in-errors": client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
        "sign-up-errors": client.post("/accounts/signup/", {"email": "not-an-email", "password1": "1"}),
    }
    client.force_login(PractitionerProfileFactory(display_name="Form Member").user)
    documents |= {
        "share-case-study-errors": client.post("/submissions/new/", {"title": ""}),
        "profile-edit-errors": client.post("/profile/", {"display_name": "", "website": "not a url"}),
        "new-topic-errors": client.post(forum + "new/", {"title": "", "body": ""}),
    }
    for name, response in documents.items():
        assert response.status_code in (200, 400), f"{name} answered {response.status_code}"
        assert b"errorlist" in response.content, f"{name} shows no error next to a field"

    errors = validate({name: response.content for name, response in documents.items()}, tmp_path)
    assert errors == {}, "\n".join(f"{name}: {error}" for name, found in errors.items() for error in found)
