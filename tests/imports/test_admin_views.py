"""The editors' import pages: upload, the worker runs it, progress and the per-row report, resume."""

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from portal.imports.models import CaseStudyImport, ImportStatus
from portal.imports.services import import_from_bytes, run_import
from portal.practices.models import CaseStudyPage
from tests.imports.test_services import csv_file, good_row
from tests.network.factories import UserFactory


def upload(client, data: bytes, name="case-studies.csv", **fields):
    form = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "publish": "1", "mode": "good", **fields}
    return client.post(reverse("case_study_imports"), form)


def run_worker():
    call_command("run_worker", "--batch", "--no-schedule", stdout=StringIO())


def test_an_upload_is_imported_by_the_worker_and_reports_its_bad_rows(
    admin_client, principles, health, london, town_council, amara, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, csv_file(good_row(1), good_row(2, area="Space travel")))
    job = CaseStudyImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("case_study_import_detail", args=[job.pk])
    assert admin_client.get(reverse("case_study_import_status", args=[job.pk])).json()["status"] == "queued"

    run_worker()

    page = admin_client.get(response["Location"]).content.decode()
    assert "Unknown service area “Space travel”" in page
    assert '<progress id="import-progress-bar" max="100" value="100">' in page
    status = admin_client.get(reverse("case_study_import_status", args=[job.pk])).json()
    assert (status["status"], status["imported"], status["refused"], status["finished"]) == ("done", 1, 1, True)
    assert CaseStudyPage.objects.live().count() == 1
    report = admin_client.get(reverse("case_study_import_report", args=[job.pk])).content.decode()
    assert report.splitlines()[1].startswith("2,Repair cafe 2,Unknown service area")


def test_a_file_that_is_not_csv_or_json_is_refused_with_a_message(admin_client, tree):
    response = upload(admin_client, b"%PDF-1.4", name="case-studies.pdf")

    assert response.status_code == 400
    assert "Upload a .csv or .json file" in response.content.decode()
    assert not CaseStudyImport.objects.exists()


def test_members_who_may_not_add_case_studies_cannot_import(client, tree):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("case_study_imports")).status_code in (302, 403)


def test_an_interrupted_import_is_resumed_from_its_page(
    admin_client, principles, health, london, town_council, amara, django_capture_on_commit_callbacks
):
    job = import_from_bytes(
        data=csv_file(*(good_row(n) for n in range(1, 6))), file_format="csv", publish=True, all_or_nothing=True
    )
    run_import(job=job, batch_size=2, stop_after=1)  # as if the worker had been killed after one batch
    detail = admin_client.get(reverse("case_study_import_detail", args=[job.pk])).content.decode()
    assert "Resume the import" in detail

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("case_study_import_resume", args=[job.pk]))
    run_worker()

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.imported_rows == 5
    assert CaseStudyPage.objects.count() == 5
