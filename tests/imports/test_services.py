"""Importing case studies: the per-row report, all-or-nothing or good rows only, resuming without duplicates."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from portal.imports.models import ImportStatus
from portal.imports.services import import_from_bytes, resume_import, run_import
from portal.practices.models import CaseStudyPage
from portal.search.models import IndexOutbox

HEADER = (
    "Title,Slug,Summary,Service area,Region,Evidence level,Principles applied (strength 1-3),"
    "Organisations,Contributors,Tags\n"
)


def good_row(n, **overrides):
    values = {
        "title": f"Repair cafe {n}",
        "slug": "",
        "summary": "Neighbours fix things together.",
        "area": "Health",
        "region": "london",
        "level": "2",
        "principles": "Reciprocity (2); Assets (1)",
        "organisations": "Riverside Town Council",
        "contributors": "Amara Okafor (Practitioner)",
        "tags": "repair; neighbours",
    }
    values.update(overrides)
    return ",".join(f'"{v}"' for v in values.values()) + "\n"


def csv_file(*rows) -> bytes:
    return (HEADER + "".join(rows)).encode()


@pytest.fixture
def ready(principles, health, london, town_council, amara):
    return principles


def run(data, *, publish=True, all_or_nothing=False, fmt="csv", **kwargs):
    job = import_from_bytes(data=data, file_format=fmt, publish=publish, all_or_nothing=all_or_nothing)
    return run_import(job=job, **kwargs)


def test_good_rows_become_live_case_studies_with_their_parts(ready, amara):
    job = run(csv_file(good_row(1), good_row(2)))

    assert job.status == ImportStatus.DONE
    assert job.imported_rows == 2
    assert job.report == []
    page = CaseStudyPage.objects.get(slug="repair-cafe-1")
    assert page.live
    assert page.url == "/case-studies/repair-cafe-1/"
    assert [a.principle.slug for a in page.principle_applications.all()] == ["reciprocity", "assets"]
    assert page.contributors.get().profile == amara
    assert page.organisation_links.get().organisation.slug == "riverside-town-council"
    assert sorted(page.tags.names()) == ["neighbours", "repair"]
    assert Page.find_problems() == ([], [], [], [], [])
    assert Page.objects.get(pk=page.get_parent().pk).numchild == 2


def test_every_kind_of_bad_row_is_reported_and_the_good_rows_imported(ready):
    huge = "x" * (50 * 1024 * 1024)
    data = csv_file(
        good_row(1),
        good_row(2, area="Space travel"),
        good_row(3, slug="repair-cafe-1"),
        good_row(4, summary=huge),
        '"only","three","fields"\n',
    ) + good_row(6).replace("Repair", "R\xe9pair").encode("latin-1")

    job = run(data)

    reported = {entry["row"]: " ".join(entry["errors"]) for entry in job.report}
    assert job.imported_rows == 1
    assert job.refused_rows == 5
    assert "Unknown service area “Space travel”" in reported[2]
    assert "Duplicate slug “repair-cafe-1”: row 1 uses it too" in reported[3]
    assert "52,428,800 characters" in reported[4]
    assert "fields; the header names 10" in reported[5]
    assert "not UTF-8" in reported[6]
    assert list(CaseStudyPage.objects.values_list("slug", flat=True)) == ["repair-cafe-1"]


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(ready):
    job = run(csv_file(good_row(1), good_row(2, region="Atlantis")), all_or_nothing=True)

    assert job.status == ImportStatus.REFUSED
    assert job.report == [
        {
            "row": 2,
            "title": "Repair cafe 2",
            "errors": ["Unknown region “Atlantis”: use the name or slug of an existing one."],
        }
    ]
    assert not CaseStudyPage.objects.exists()


def test_a_slug_already_on_the_site_is_a_duplicate(ready):
    run(csv_file(good_row(1)))

    job = run(csv_file(good_row(1)))

    assert "a case study with this slug exists already" in job.report[0]["errors"][0]
    assert CaseStudyPage.objects.count() == 1


def test_a_file_that_is_not_text_is_refused_as_a_whole(ready):
    job = run("Title,Summary\n".encode("utf-16"))

    assert job.status == ImportStatus.REFUSED
    assert "UTF-16" in job.error


def test_an_interrupted_import_resumes_without_duplicates(ready):
    job = run(csv_file(*(good_row(n) for n in range(1, 8))), batch_size=3, stop_after=1)
    assert job.imported_rows == 3
    assert job.status == ImportStatus.RUNNING

    job = run_import(job=resume_import(job=job), batch_size=3)

    assert job.status == ImportStatus.DONE
    assert job.imported_rows == 7
    assert job.report == []
    assert CaseStudyPage.objects.count() == 7
    assert job.imported.count() == 7


def test_drafts_are_not_live_and_wait_with_unpublished_changes(ready):
    run(csv_file(good_row(1)), publish=False)

    page = CaseStudyPage.objects.get()
    assert not page.live
    assert page.has_unpublished_changes
    assert page.latest_revision is not None
    assert page.live_revision is None


def test_json_rows_take_the_same_fields_and_impact_measures(ready):
    rows = [
        {
            "title": "Time bank",
            "summary": "Hours for hours.",
            "service_area": "health",
            "region": "London",
            "principles": [{"principle": "Reciprocity", "strength": 3, "how": "Hours are swapped."}],
            "impact_measures": [
                {"outcome": "Fewer lonely people", "metric": "Survey", "baseline": "40", "result": "25", "unit": "%"}
            ],
        }
    ]

    job = run(json.dumps({"case_studies": rows}).encode(), fmt="json")

    page = CaseStudyPage.objects.get()
    assert job.status == ImportStatus.DONE
    assert page.principle_applications.get().how == "Hours are swapped."
    assert page.impact_measures.get().result_figure == "25%"


def test_imported_pages_reach_the_search_table_once_the_worker_catches_up(ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_file(good_row(1), good_row(2)))
    pending = IndexOutbox.objects.filter(type_name="case-studies", stored_at__isnull=True)
    assert pending.count() == 2  # written with the pages, not yet taken

    call_command("run_worker", "--batch", "--no-schedule", stdout=StringIO())

    assert not pending.exists()


def test_the_editors_export_imports_again(admin_client, ready, health, london):
    from tests.practices.factories import CaseStudyContributorFactory, CaseStudyPageFactory, PrincipleApplicationFactory

    original = CaseStudyPageFactory(title="Time bank", service_area=health, region=london, evidence_level=4)
    PrincipleApplicationFactory(page=original, principle=ready[1], strength=3)
    CaseStudyContributorFactory(page=original, name="Sam Lee", role="carer")
    original.tags.add("time banking")
    original.save_revision().publish()
    response = admin_client.get("/admin/reports/case-studies/?export=csv")
    exported = b"".join(response.streaming_content)
    original.delete()

    job = run(exported, all_or_nothing=True)

    assert job.status == ImportStatus.DONE, job.report
    again = CaseStudyPage.objects.get(slug=original.slug)
    assert (again.title, again.summary, again.evidence_level) == ("Time bank", original.summary, 4)
    assert [(a.principle.slug, a.strength) for a in again.principle_applications.all()] == [("reciprocity", 3)]
    assert [(c.name, c.role) for c in again.contributors.all()] == [("Sam Lee", "carer")]
    assert list(again.tags.names()) == ["time banking"]


def test_a_job_another_worker_is_running_is_not_run_twice(ready):
    job = run(csv_file(good_row(1), good_row(2)), batch_size=1, stop_after=1)

    again = run_import(job=job)  # still "running": a second worker handed it leaves it alone

    assert again.imported_rows == 1
    assert CaseStudyPage.objects.count() == 1
