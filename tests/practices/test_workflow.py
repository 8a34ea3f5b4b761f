"""A member's submission goes through editor review before it is live."""

import pytest
from django.contrib.auth.models import Group

from portal.practices.selectors import submission_status, submissions_of
from portal.practices.services import CaseStudySubmission, PrincipleChoice, submit_case_study


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", "member@example.org", "a-long-password-1")


@pytest.fixture
def editor(django_user_model, review_workflow):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "a-long-password-2")
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
        sections={"what_was_done": "Tenants were trained to take calls.\n\nThey now set priorities."},
        evidence_level=2,
        tags=["housing repairs"],
    )


def test_submission_creates_a_draft_in_moderation(member, submission, review_workflow):
    page = submit_case_study(user=member, submission=submission)

    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    assert submission_status(page)["label"] == "Awaiting review"
    assert list(submissions_of(member)) == [page]


def test_submission_keeps_the_structure_it_was_given(member, submission, review_workflow):
    page = submit_case_study(user=member, submission=submission).get_latest_revision_as_object()

    assert [a.principle.slug for a in page.principle_applications.all()] == ["capabilities"]
    assert page.principle_applications.first().strength == 3
    assert [block.block_type for block in page.body] == ["section"]
    assert "<p>Tenants were trained to take calls.</p>" in str(page.body[0].value["text"])
    assert page.contributors.first().name == "member"


def test_editor_approval_publishes_the_case_study(member, editor, submission, review_workflow):
    page = submit_case_study(user=member, submission=submission)

    page.current_workflow_state.current_task_state.approve(user=editor)

    page.refresh_from_db()
    assert page.live
    assert submission_status(page)["label"] == "Published"
    assert [tag.name for tag in page.tags.all()] == ["housing repairs"]


def test_editor_can_request_changes_with_a_note_the_member_sees(member, editor, submission, review_workflow):
    page = submit_case_study(user=member, submission=submission)

    page.current_workflow_state.current_task_state.reject(user=editor, comment="Please add a measured outcome.")

    page.refresh_from_db()
    assert not page.live
    assert submission_status(page) == {
        "label": "Changes requested",
        "key": "needs_changes",
        "comment": "Please add a measured outcome.",
    }


def test_form_text_is_escaped_not_rendered_as_html(member, submission, review_workflow):
    submission.sections = {"what_was_done": "<script>alert(1)</script> & more"}

    page = submit_case_study(user=member, submission=submission).get_latest_revision_as_object()

    text = str(page.body[0].value["text"])
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


def test_submissions_awaiting_review_lists_pending_ones_only(member, editor, submission, review_workflow):
    from portal.practices.selectors import submissions_awaiting_review

    pending = submit_case_study(user=member, submission=submission)
    submission.title = "Approved already"
    approved = submit_case_study(user=member, submission=submission)
    approved.current_workflow_state.current_task_state.approve(user=editor)

    assert list(submissions_awaiting_review()) == [pending]
