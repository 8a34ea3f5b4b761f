"""Editors' reports in the admin: the CSV export of case studies and the 18-month review list."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from portal.practices.selectors import case_studies_due_for_review
from tests.accounts.factories import with_authenticator_app
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory


@pytest.fixture
def editor_client(client, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    with_authenticator_app(chief)  # the admin asks superusers for a second factor
    client.force_login(chief)
    return client


def test_case_study_export_carries_the_structured_fields(editor_client, principles, health, london):
    case_study = CaseStudyPageFactory(title="Time bank", service_area=health, region=london, evidence_level=4)
    PrincipleApplicationFactory(page=case_study, principle=principles[1], strength=3)
    case_study.tags.add("time banking")
    case_study.save()

    response = editor_client.get("/admin/reports/case-studies/?export=csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    row = next(r for r in rows if r["Title"] == "Time bank")
    assert row["Service area"] == "Health"
    assert row["Region"] == "London"
    assert row["Evidence level"].startswith("Level 4: independent evaluation")
    assert row["Principles applied (how strongly)"] == "Reciprocity (exemplary)"
    assert row["Status"] == "Ongoing"
    assert row["Tags"] == "time banking"


def test_the_export_and_the_dashboard_agree_on_last_reviewed(editor_client, tree):
    """A case study never reviewed counts from its first publication, in the export as on the dashboard."""
    never = CaseStudyPageFactory(title="Never reviewed")
    never.first_published_at = timezone.now() - datetime.timedelta(days=30)
    never.save()
    reviewed = CaseStudyPageFactory(title="Reviewed", last_reviewed=datetime.date(2026, 3, 2))

    body = b"".join(editor_client.get("/admin/reports/case-studies/?export=csv").streaming_content).decode("utf-8-sig")
    rows = {row["Title"]: row for row in csv.DictReader(io.StringIO(body))}
    column = "Last reviewed (or first published, if never reviewed)"
    assert rows["Never reviewed"][column] == never.last_reviewed_or_published.isoformat()
    assert rows["Reviewed"][column] == "2026-03-02"
    assert reviewed.last_reviewed_or_published == datetime.date(2026, 3, 2)
    dashboard = editor_client.get("/admin/").content.decode()
    assert "Every case study has been reviewed in the last 18 months." in dashboard


def test_reports_are_for_editors_only(client, django_user_model, tree):
    client.force_login(django_user_model.objects.create_user("member", "m@example.org", "a-long-password-1"))

    response = client.get("/admin/reports/case-studies/")

    assert response.status_code in (302, 403)


def test_case_studies_unreviewed_for_18_months_need_review(tree):
    today = timezone.localdate()
    stale = CaseStudyPageFactory(title="Stale", last_reviewed=today - datetime.timedelta(days=600))
    CaseStudyPageFactory(title="Fresh", last_reviewed=today - datetime.timedelta(days=30))
    never = CaseStudyPageFactory(title="Never reviewed")
    never.first_published_at = timezone.now() - datetime.timedelta(days=800)
    never.save()

    assert {cs.title for cs in case_studies_due_for_review()} == {stale.title, never.title}


def test_needs_review_report_page_lists_them(editor_client, tree):
    CaseStudyPageFactory(title="Stale", last_reviewed=timezone.localdate() - datetime.timedelta(days=600))

    response = editor_client.get("/admin/reports/case-studies-needing-review/")

    assert response.status_code == 200
    assert "Stale" in response.content.decode()
