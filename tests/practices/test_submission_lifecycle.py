"""A member's case study from draft to published and revised: drafts over visits, preview, review, withdraw."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import TaskState, WorkflowState

from portal.practices.forms import ConsentConfirmationForm
from portal.practices.models import CaseStudyPage, Submission, SubmissionFile
from tests.network.factories import PractitionerProfileFactory, UserFactory

NEW = "/submissions/new/"


@pytest.fixture
def member(client, db):
    user = UserFactory(username="zz-member-7731", email="rosa@example.org")
    PractitionerProfileFactory(user=user, display_name="Rosa Lindqvist")
    client.force_login(user)
    return user


@pytest.fixture
def editor(review_workflow):
    user = UserFactory(username="ed-7733", email="ed@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def rows(prefix, measures):
    data = {f"{prefix}-TOTAL_FORMS": str(len(measures)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(measures):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def measure(n):
    return {"outcome": f"Outcome {n}", "metric": f"Metric {n}", "baseline": "10", "result": str(20 + n), "unit": "%"}


@pytest.fixture
def complete(principles, health, london, review_workflow):
    return {
        "title": "Tenants run the repairs desk",
        "summary": "Tenants and housing staff share the repairs desk.",
        "service_area": health.pk,
        "region": london.pk,
        "principles": [principles[0].pk],
        f"strength_{principles[0].pk}": "3",
        f"how_{principles[0].pk}": "Tenants lead the weekly triage.",
        "what_was_done": "Tenants were trained to take calls.",
        "evidence_level": "2",
        "cost_comparison": "similar",
        "status": "ongoing",
        "tags": "housing",
        "your_role": "practitioner",
        **rows("impact", [measure(1)]),
        **rows("consent", [{"person": "Tenant quoted", "purpose": "quoted", "given_on": "2026-01-05"}]),
    }


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def send(client, data, url=NEW, action="submit", **extra):
    return client.post(url, {**data, "action": action, **extra})


def the_submission():
    return Submission.objects.get()


def edit_url(submission):
    return f"/submissions/{submission.pk}/"


def test_a_draft_needs_only_a_title_and_reopens_with_what_was_typed(client, member, principles, review_workflow):
    response = send(
        client,
        {"title": "Half-written", "summary": "Started on the bus.", **rows("impact", [])},
        action="save",
        **rows("consent", []),
    )

    submission = the_submission()
    assert response.status_code == 302
    assert response["Location"] == edit_url(submission)
    assert submission.page is None
    assert not CaseStudyPage.objects.exists()
    body = client.get(edit_url(submission)).content.decode()
    assert "Started on the bus." in body
    assert "(required)" in body  # what sending needs is marked, even on a draft


def test_a_draft_with_twenty_measures_and_ten_files_reopens_intact(client, member, complete, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = {**complete, **rows("impact", [measure(n) for n in range(20)])}
    files = [png(f"photo-{n}.png") for n in range(5)]
    documents = [SimpleUploadedFile(f"report-{n}.pdf", b"%PDF-1.4 x", content_type="application/pdf") for n in range(5)]

    send(client, data, action="save", photos=files, documents=documents)

    submission = the_submission()
    assert submission.files.count() == 10
    assert [m["outcome"] for m in submission.data["impact_measures"]] == [f"Outcome {n}" for n in range(20)]
    response = client.get(edit_url(submission))
    assert response.context["editor"].impacts.total_form_count() == 20
    body = response.content.decode()
    assert "Outcome 19" in body
    assert "report-4.pdf" in body
    assert "photo-4.png" in body


def test_add_another_measure_works_without_javascript(client, member, complete):
    response = send(client, complete, action="add_measure")

    submission = the_submission()
    assert response["Location"] == f"{edit_url(submission)}?add=impact#impact-rows"
    formset = client.get(response["Location"]).context["editor"].impacts
    assert formset.total_form_count() == 2  # the saved measure and an empty one


def test_a_measure_ticked_for_removal_is_removed_on_save(client, member, complete):
    data = {**complete, **rows("impact", [measure(1), measure(2)]), "impact-0-DELETE": "on"}

    send(client, data, action="save")

    assert [m["outcome"] for m in the_submission().data["impact_measures"]] == ["Outcome 2"]


def test_an_uploaded_photo_survives_a_validation_error(client, member, complete, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = send(client, {**complete, "summary": ""}, photos=[png()])

    assert response.status_code == 400
    submission = the_submission()
    assert submission.files.count() == 1
    assert "photo.png" in response.content.decode()

    response = send(client, complete, url=edit_url(submission))

    assert response.status_code == 302
    page = CaseStudyPage.objects.get().get_latest_revision_as_object()
    assert page.hero_image == SubmissionFile.objects.get().image


def test_a_bad_file_is_refused_and_the_good_one_kept(client, member, complete, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = SimpleUploadedFile("notes.exe", b"MZ", content_type="application/octet-stream")

    response = send(client, complete, photos=[png()], documents=[bad])

    assert response.status_code == 400
    assert "notes.exe" in " ".join(response.context["editor"].files.errors["documents"])
    assert the_submission().files.count() == 1


def test_preview_shows_the_page_as_it_will_appear_without_publishing(client, member, complete, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = send(client, complete, action="preview", photos=[png()])
    submission = the_submission()
    assert response["Location"] == f"/submissions/{submission.pk}/preview/"

    body = client.get(response["Location"]).content.decode()

    assert "Preview:" in body
    assert "Tenants run the repairs desk" in body
    assert "Outcome 1" in body
    assert body.count("<img") == 1  # the photo heads the page, once
    assert "Tenant quoted" not in body  # consent records are for editors only
    assert not CaseStudyPage.objects.exists()


def test_sending_starts_the_review_and_my_submissions_says_what_next(client, member, complete):
    send(client, complete)

    page = CaseStudyPage.objects.get()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    revision = page.get_latest_revision_as_object()
    assert [m.outcome for m in revision.impact_measures.all()] == ["Outcome 1"]
    assert [str(c.person) for c in revision.consent_records.all()] == ["Tenant quoted"]
    body = client.get("/submissions/").content.decode()
    assert "Awaiting review" in body
    assert "You can still edit it" in body


def test_editing_while_it_waits_keeps_it_in_review(client, member, complete):
    send(client, complete)
    submission = the_submission()

    send(
        client,
        {**complete, "title": "Tenants run the repairs desk, a year on"},
        url=edit_url(submission),
        action="save",
    )

    page = CaseStudyPage.objects.get()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.count() == 1
    assert page.get_latest_revision_as_object().title == "Tenants run the repairs desk, a year on"


def test_a_withdrawn_submission_cannot_be_approved(client, member, editor, complete):
    send(client, complete)
    page = CaseStudyPage.objects.get()
    task_state = page.current_workflow_state.current_task_state

    client.post(f"/submissions/{the_submission().pk}/withdraw/")

    page.refresh_from_db()
    assert page.current_workflow_state is None
    with pytest.raises(PermissionDenied):
        TaskState.objects.get(pk=task_state.pk).specific.approve(user=editor)
    page.refresh_from_db()
    assert not page.live
    assert "Withdrawn" in client.get("/submissions/").content.decode()


def test_changes_requested_shows_the_editors_message_and_sending_again_resumes(client, member, editor, complete):
    send(client, complete)
    page = CaseStudyPage.objects.get()
    page.current_workflow_state.current_task_state.reject(user=editor, comment="Please name the estate.")

    listing = client.get("/submissions/").content.decode()
    assert "Changes requested" in listing
    assert "Please name the estate." in listing
    assert "Please name the estate." in client.get(edit_url(the_submission())).content.decode()

    send(client, {**complete, "title": "Tenants run the Hollowford repairs desk"}, url=edit_url(the_submission()))

    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.count() == 1


def test_changes_to_a_live_case_study_go_through_review_while_it_stays_up(client, member, editor, complete):
    send(client, complete)
    page = CaseStudyPage.objects.get()
    page.current_workflow_state.current_task_state.approve(user=editor)
    page.refresh_from_db()
    assert page.live

    send(client, {**complete, "title": "Tenants run the repairs desk (2027)"}, url=edit_url(the_submission()))

    page.refresh_from_db()
    assert page.live
    assert page.title == "Tenants run the repairs desk"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Tenants run the repairs desk" in client.get(page.url).content.decode()

    page.current_workflow_state.current_task_state.approve(user=editor)
    page.refresh_from_db()
    assert page.title == "Tenants run the repairs desk (2027)"


def test_approving_asks_the_editor_to_confirm_consent(client, member, editor, complete):
    from tests.accounts.factories import with_authenticator_app

    send(client, complete)
    page = CaseStudyPage.objects.get()
    task_state = page.current_workflow_state.current_task_state
    with_authenticator_app(editor)
    client.force_login(editor)
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"

    modal = client.get(url).content.decode()
    assert "Tenant quoted" in modal
    assert "without their recorded consent" in modal
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live  # not confirmed: nothing happens

    client.post(url, {"consent_confirmed": "on", "comment": ""})
    page.refresh_from_db()
    assert page.live


def test_the_consent_confirmation_is_required():
    assert not ConsentConfirmationForm({"comment": ""}).is_valid()


def test_a_draft_never_sent_can_be_deleted_with_its_files(client, member, complete, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    send(client, complete, action="save", photos=[png()])

    client.post(f"/submissions/{the_submission().pk}/delete/")

    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()


def test_someone_elses_submission_is_not_found(client, member, complete, django_user_model):
    send(client, complete, action="save")
    other = UserFactory(username="other-7740")
    client.force_login(other)

    assert client.get(edit_url(the_submission())).status_code == 404
    assert client.get(f"/submissions/{the_submission().pk}/preview/").status_code == 404
    assert client.post(f"/submissions/{the_submission().pk}/withdraw/").status_code == 404


def test_a_proposed_organisation_waits_for_an_editor(client, member, editor, complete, london):
    from portal.network.models import Organisation

    new = {"new_organisation_name": "Hollowford Tenants' Union", "new_organisation_kind": "community-group"}
    send(client, {**complete, **new, "new_organisation_region": london.pk})

    proposed = Organisation.all_objects.get(name="Hollowford Tenants' Union")
    assert proposed.review_state == "proposed"
    assert proposed.proposed_by == member
    assert not Organisation.objects.filter(pk=proposed.pk).exists()
    assert "Hollowford Tenants" not in client.get("/organisations/").content.decode()
    assert client.get(proposed.get_absolute_url()).status_code == 404
    page = CaseStudyPage.objects.get()
    page.current_workflow_state.current_task_state.approve(user=editor)
    page.refresh_from_db()
    html = client.get(page.url).content.decode()
    assert "Hollowford Tenants&#x27; Union" in html
    assert proposed.get_absolute_url() not in html  # named, not linked, until approved

    proposed.review_state = "approved"
    proposed.save()

    assert "Hollowford Tenants" in client.get("/organisations/").content.decode()


def test_proposing_an_organisation_already_listed_asks_to_tick_it(client, member, complete):
    from tests.network.factories import OrganisationFactory

    OrganisationFactory(name="Hollowford Council")

    response = send(
        client, {**complete, "new_organisation_name": "hollowford council", "new_organisation_kind": "council"}
    )

    assert response.status_code == 400
    assert "already in the list" in " ".join(response.context["form"].errors["new_organisation_name"])
