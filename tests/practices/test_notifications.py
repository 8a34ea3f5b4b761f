"""A submitter hears about their case study from the portal: one branded email per event, with the editor's
message and a link to their submissions; editors keep Wagtail's email, one each per submission."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.notifications.models import Notification
from portal.practices.notifications import CHANGES_REQUESTED, PUBLISHED, SUBMITTED
from portal.practices.services import CaseStudySubmission, PrincipleChoice, submit_case_study
from tests.network.factories import PractitionerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def member(db):
    user = UserFactory(username="zq-handle-5521", email="amira.okafor@example.org")
    PractitionerProfileFactory(user=user, display_name="Amira Okafor")
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def editor(review_workflow):
    # A superuser in the Editors group: Wagtail used to send them two emails per submission.
    user = UserFactory(username="ed-handle-9034", email="editor@example.org", is_superuser=True, is_staff=True)
    PractitionerProfileFactory(user=user, display_name="Esme Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def submission(principles, health, london):
    return CaseStudySubmission(
        title="Tenants run the repairs desk",
        summary="Tenants and housing staff share the repairs desk and set its priorities together.",
        service_area=health,
        region=london,
        principles=[PrincipleChoice(principle=principles[0], strength=3, how="Tenants lead the weekly triage.")],
        sections={"what_was_done": "Tenants were trained to take calls."},
        evidence_level=2,
        tags=["housing repairs"],
    )


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def to(mailoutbox, user):
    return [message for message in mailoutbox if message.to == [user.email]]


def assert_in_the_portals_voice(message, *, usernames):
    html = html_of(message)
    for part in (message.body, html):
        assert "Hello Amira Okafor," in part
        assert "Co-production portal" in part
        assert f"{BASE}/submissions/" in part
        assert "/admin/" not in part
    for part in (message.subject, message.body, html):
        for username in usernames:
            assert username not in part
    links = LINK.findall(message.body) + re.findall(r'href="([^"]+)"', html)
    assert all(link.startswith(f"{BASE}/") for link in links), links


def test_submitting_tells_the_member_in_the_site_and_each_editor_once_by_email(member, editor, submission, mailoutbox):
    submit_case_study(user=member, submission=submission)
    run_worker()

    assert len(to(mailoutbox, editor)) == 1  # Wagtail's task email, not the workflow's as well
    assert to(mailoutbox, member) == []  # a notice in the site only, by default
    notice = Notification.objects.get(recipient=member, kind=SUBMITTED)
    assert notice.title == "“Tenants run the repairs desk” is waiting for review"


def test_changes_requested_emails_the_member_the_editors_message(member, editor, submission, mailoutbox):
    page = submit_case_study(user=member, submission=submission)
    mailoutbox.clear()

    page.current_workflow_state.current_task_state.reject(user=editor, comment="Please add a measured outcome.")
    run_worker()

    (message,) = mailoutbox
    assert message.to == [member.email]
    assert message.subject == "Changes requested on “Tenants run the repairs desk”"
    assert_in_the_portals_voice(message, usernames=[member.username, editor.username])
    assert "Please add a measured outcome." in message.body
    assert "Please add a measured outcome." in html_of(message)
    assert Notification.objects.filter(recipient=member, kind=CHANGES_REQUESTED).count() == 1


def test_approval_that_publishes_sends_one_published_email(member, editor, submission, mailoutbox):
    page = submit_case_study(user=member, submission=submission)
    mailoutbox.clear()

    page.current_workflow_state.current_task_state.approve(user=editor)
    run_worker()

    (message,) = mailoutbox
    assert message.to == [member.email]
    assert message.subject == "“Tenants run the repairs desk” is published"
    assert_in_the_portals_voice(message, usernames=[member.username, editor.username])
    page.refresh_from_db()
    assert f"{BASE}{page.url}" in message.body
    assert Notification.objects.filter(recipient=member, kind=PUBLISHED).count() == 1


def test_other_pages_keep_wagtails_emails(editor, tree, review_workflow, mailoutbox):
    other = UserFactory(username="writer", email="writer@example.org", is_staff=True)
    page = tree.case_studies
    page.save_revision(user=other)
    review_workflow.start(page, other)
    mailoutbox.clear()

    page.current_workflow_state.current_task_state.approve(user=editor)

    assert [message.to for message in mailoutbox] == [["writer@example.org"]]  # Wagtail's own approval email


def test_the_editors_dashboard_names_the_submitter_by_display_name(client, member, editor, submission):
    from tests.accounts.factories import with_authenticator_app

    submit_case_study(user=member, submission=submission)
    with_authenticator_app(editor)  # the admin asks editors for a second factor
    client.force_login(editor)

    body = client.get("/admin/").content.decode()

    assert "Amira Okafor" in body
    # Wagtail's own panel names the account by its full name: the profile's display name (network.signals).
    assert member.username not in body
