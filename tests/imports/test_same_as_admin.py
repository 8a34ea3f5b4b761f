"""A page the importer makes is the page the admin makes from the same values."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Page, ReferenceIndex
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.imports.services import import_from_bytes, run_import
from portal.practices.models import CaseStudyIndexPage, CaseStudyPage
from portal.search.models import IndexOutbox

# The values that differ between any two pages by construction, not by how they were made.
OWN = {"pk", "id", "page_ptr", "path", "slug", "title", "draft_title", "url_path", "translation_key"}
TIMES = {"first_published_at", "last_published_at", "latest_revision_created_at", "live_revision", "latest_revision"}


def admin_form(index_pk, principles, health, london, town_council, amara):
    return nested_form_data(
        {
            "title": "Made in the admin",
            "slug": "made-in-the-admin",
            "summary": "Neighbours fix things together.",
            "service_area": health.pk,
            "region": london.pk,
            "organisation_links": inline_formset([{"organisation": town_council.pk}]),
            "contributors": inline_formset(
                [{"name": "Amara Okafor", "role": "practitioner", "contribution": "", "profile": amara.pk}]
            ),
            "principle_applications": inline_formset(
                [
                    {"principle": principles[1].pk, "strength": 2, "how": "Hours are swapped."},
                    {"principle": principles[5].pk, "strength": 1, "how": "Skills are shared."},
                ],
                min=1,
            ),
            "body": streamfield([]),
            "impact_measures": inline_formset([]),
            "consent_records": inline_formset([]),
            "evidence_level": 2,
            "cost_comparison": "unknown",
            "cost_note": "",
            "status": "ongoing",
            "tags": "repair, neighbours",
            "licence": "cc-by-4.0",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


IMPORTED = (
    "Title,Slug,Summary,Service area,Region,Evidence level,Principles applied (strength 1-3),Organisations,"
    "Contributors,Tags\n"
    '"Imported","imported","Neighbours fix things together.","Health","London","2",'
    '"Reciprocity (2): Hours are swapped.; Assets (1): Skills are shared.",'
    '"Riverside Town Council","Amara Okafor (Practitioner)","repair; neighbours"\n'
)


def form_errors(response):
    form = response.context["form"]
    return form.errors, {
        name: [f.errors for f in fs.forms] + [fs.non_form_errors()] for name, fs in form.formsets.items()
    }


def normalised_revision(page):
    content = dict(page.latest_revision.content)
    for name in OWN | TIMES | {"owner", "locked_by", "locked_at", "has_unpublished_changes", "live"}:
        content.pop(name, None)
    for relation in ("principle_applications", "impact_measures", "contributors", "organisation_links"):
        content[relation] = [
            {k: v for k, v in child.items() if k not in ("pk", "page", "id")} for child in content[relation]
        ]
    content["tagged_items"] = sorted(child["tag"] for child in content.get("tagged_items", []))
    return content


def references(page):
    rows = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).values_list("to_content_type_id", "to_object_id", "model_path", "content_path")
    # Content paths name the child rows' own ids: compare the relation and the field only.
    return sorted((ct, to_id, model_path, content_path.split(".")[0]) for ct, to_id, model_path, content_path in rows)


@pytest.mark.django_db(transaction=False)
def test_an_imported_page_is_the_page_the_admin_makes(
    admin_client, admin_user, principles, health, london, town_council, amara, django_capture_on_commit_callbacks
):
    index = CaseStudyIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/pages/add/practices/casestudypage/{index.pk}/",
            admin_form(index.pk, principles, health, london, town_council, amara),
        )
    assert response.status_code == 302, form_errors(response)
    call_command("run_worker", "--batch", "--no-schedule", stdout=StringIO())  # Wagtail indexes references in a task
    made = CaseStudyPage.objects.get(slug="made-in-the-admin")
    outbox_after_admin = set(IndexOutbox.objects.values_list("type_name", "object_id"))

    job = import_from_bytes(
        data=IMPORTED.encode(), file_format="csv", publish=True, all_or_nothing=True, user=admin_user
    )
    run_import(job=job)
    imported = CaseStudyPage.objects.get(slug="imported")

    assert imported.depth == made.depth
    assert imported.url_path == made.url_path.replace("made-in-the-admin", "imported")
    assert imported.path[:-4] == made.path[:-4]
    assert int(imported.path[-4:], 36) == int(made.path[-4:], 36) + 1
    assert Page.find_problems() == ([], [], [], [], [])
    for name in ("live", "has_unpublished_changes", "owner_id", "locale_id", "content_type_id", "draft_title"):
        expected = getattr(made, name) if name != "draft_title" else "Imported"
        assert getattr(imported, name) == expected, name
    assert imported.live_revision == imported.latest_revision
    assert made.live_revision == made.latest_revision
    assert made.revisions.count() == imported.revisions.count() == 1
    assert normalised_revision(imported) == normalised_revision(made)
    assert references(imported) == references(made)
    new_outbox_rows = set(IndexOutbox.objects.values_list("type_name", "object_id")) - outbox_after_admin
    assert ("case-studies", str(made.pk)) in outbox_after_admin
    assert new_outbox_rows == {("case-studies", str(imported.pk))}
    assert list(made.get_parent().get_children().values_list("pk", flat=True)) == [made.pk, imported.pk]
