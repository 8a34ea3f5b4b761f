"""What changes practices: the page tree, the review workflow, submissions and the demo content."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from portal.network.models import Organisation
from portal.network.services import propose_organisation
from portal.practices.coauthors import accepted_co_authors, credit_co_authors
from portal.practices.models import (
    CaseStudyContributor,
    CaseStudyIndexPage,
    CaseStudyOrganisation,
    CaseStudyPage,
    ConsentCheckTask,
    ConsentRecord,
    ContributorRole,
    ImpactMeasure,
    PrincipleApplication,
    PrincipleIndexPage,
    PrinciplePage,
    Region,
    ServiceArea,
    Submission,
    SubmissionFile,
    SubmissionState,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
REVIEW_WORKFLOW_NAME = "Case study review"
REVIEWERS_GROUP = "Editors"
REVIEW_TASK_NAME = "Editor review"


@dataclass
class PracticeTree:
    principles: PrincipleIndexPage
    case_studies: CaseStudyIndexPage


@transaction.atomic
def ensure_practice_tree(*, home: Page) -> PracticeTree:
    """The principles and case study index pages under the home page, created if missing."""
    principles = PrincipleIndexPage.objects.first() or home.add_child(
        instance=PrincipleIndexPage(
            title="Principles of co-production",
            slug="principles",
            intro="<p>Six principles run through co-produced services. Each page says what the principle "
            "looks like in practice and which case studies show it.</p>",
        )
    )
    case_studies = CaseStudyIndexPage.objects.first() or home.add_child(
        instance=CaseStudyIndexPage(
            title="Case studies",
            slug="case-studies",
            intro="<p>Services designed and delivered with the people who use them: what was done, "
            "who was involved, and what changed.</p>",
        )
    )
    return PracticeTree(principles=principles, case_studies=case_studies)


@transaction.atomic
def ensure_review_workflow(*, case_study_index: CaseStudyIndexPage) -> Workflow:
    """A one-step review by the Editors group, applied to every case study submitted under the index."""
    editors, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=case_study_index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=permission),
        )
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    task, _ = ConsentCheckTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    task.groups.add(editors)
    if not workflow.workflow_tasks.filter(task=task).exists():
        # An older one-step review (a plain group approval) gives way to the review with the consent check.
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=case_study_index, defaults={"workflow": workflow})
    return workflow


@dataclass
class PrincipleChoice:
    principle: PrinciplePage
    strength: int
    how: str


@dataclass
class ImpactInput:
    outcome: str
    metric: str
    baseline: object = None
    result: object = None
    unit: str = ""
    period: str = ""
    source: str = ""


@dataclass
class ConsentInput:
    person: str
    purpose: str
    given_on: object


@dataclass
class CaseStudySubmission:
    """A practitioner's case study as the front-end form collects it; fields are already validated."""

    title: str
    summary: str
    service_area: ServiceArea
    region: Region
    principles: list[PrincipleChoice]
    sections: dict[str, str]
    evidence_level: int
    cost_comparison: str = "unknown"
    cost_note: str = ""
    start_year: int | None = None
    end_year: int | None = None
    status: str = "ongoing"
    people_reached: int | None = None
    tags: list[str] = field(default_factory=list)
    quote_text: str = ""
    quote_attribution: str = ""
    impacts: list[ImpactInput] = field(default_factory=list)
    consents: list[ConsentInput] = field(default_factory=list)
    organisations: list = field(default_factory=list)
    proposed_organisation: dict | None = None  # name, kind, region, website: editors approve it
    submitter_role: str = ContributorRole.PRACTITIONER
    co_authors: list = field(default_factory=list)  # accepted CoAuthorInvitations
    images: list = field(default_factory=list)  # stored Wagtail images; the first is the page's photo
    documents: list = field(default_factory=list)  # stored Wagtail documents


def _paragraphs(text: str) -> str:
    """Plain text from a form as safe rich-text HTML, one paragraph per blank-line block."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks)


def _submission_body(submission: CaseStudySubmission) -> list:
    # The first photo is the page's hero image only: a body block as well would show it twice.
    body = [
        {"type": "section", "value": {"kind": kind, "heading": "", "text": _paragraphs(text)}}
        for kind, text in submission.sections.items()
        if text.strip()
    ]
    if submission.quote_text.strip():
        quote = {"text": submission.quote_text.strip(), "attribution": submission.quote_attribution.strip(), "role": ""}
        body.insert(1, {"type": "quote", "value": quote})
    body += [{"type": "image", "value": {"image": image.pk, "caption": ""}} for image in submission.images[1:]]
    body += [{"type": "document", "value": {"document": doc.pk, "description": ""}} for doc in submission.documents]
    return body


def fill_case_study(*, page: CaseStudyPage, submission: CaseStudySubmission, user) -> CaseStudyPage:
    """Set a case study page's fields and parts from a submission, in memory (for a revision or a preview)."""
    page.title = submission.title
    page.summary = submission.summary
    page.service_area = submission.service_area
    page.region = submission.region
    page.evidence_level = submission.evidence_level
    page.cost_comparison = submission.cost_comparison
    page.cost_note = submission.cost_note
    page.start_year = submission.start_year
    page.end_year = submission.end_year
    page.status = submission.status
    page.people_reached = submission.people_reached
    page.hero_image = submission.images[0] if submission.images else None
    page.body = _submission_body(submission)
    page.submitted_by = page.submitted_by or user
    page.owner = page.owner or user
    page.principle_applications = [
        PrincipleApplication(principle=choice.principle, strength=choice.strength, how=choice.how, sort_order=i)
        for i, choice in enumerate(submission.principles)
    ]
    page.impact_measures = [ImpactMeasure(sort_order=i, **vars(impact)) for i, impact in enumerate(submission.impacts)]
    page.consent_records = [
        ConsentRecord(sort_order=i, **vars(consent)) for i, consent in enumerate(submission.consents)
    ]
    page.organisation_links = [
        CaseStudyOrganisation(organisation=organisation, sort_order=i)
        for i, organisation in enumerate(submission.organisations)
    ]
    _credit_submitter(page, user, submission.submitter_role)
    credit_co_authors(page=page, co_authors=submission.co_authors)
    page.tags.set(submission.tags)
    return page


def _credit_submitter(page: CaseStudyPage, user, role: str) -> None:
    profile = getattr(user, "profile", None)
    contributors = list(page.contributors.all())
    own = next((c for c in contributors if profile is not None and c.profile_id == profile.pk), None)
    if own is None and not contributors:
        own = CaseStudyContributor(
            name=profile.display_name if profile else (user.get_full_name() or "A member"),
            contribution="Submitted this case study.",
            profile=profile,
        )
        contributors.append(own)
    if own is not None:
        own.role = role
    page.contributors = contributors


def _start_review(page: CaseStudyPage, user) -> None:
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif state is None:
        workflow = page.get_workflow() or ensure_review_workflow(case_study_index=CaseStudyIndexPage.objects.get())
        workflow.start(page, user)
    # in review already: the new revision is what the editors read and what approval publishes


@transaction.atomic
def submit_case_study(*, user, submission: CaseStudySubmission) -> CaseStudyPage:
    """Create a draft case study from a member's submission and send it to editors for review."""
    index = CaseStudyIndexPage.objects.get()
    page = fill_case_study(page=CaseStudyPage(live=False), submission=submission, user=user)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    _start_review(page, user)
    return page


@transaction.atomic
def save_submission_draft(*, owner, submission: Submission | None, title: str, data: dict) -> Submission:
    """Keep a member's working copy; a case study in review or live is not touched until it is sent."""
    if submission is None:
        submission = Submission(owner=owner)
    submission.title = title
    submission.data = data
    if submission.state == SubmissionState.SUBMITTED and not submission_in_review(submission):
        submission.state = SubmissionState.DRAFT  # changes to a published case study, not yet sent
    submission.save()
    return submission


def submission_in_review(submission: Submission) -> bool:
    """Whether the submission's page waits for the editors (in review or with changes requested)."""
    return submission.page_id is not None and submission.page.current_workflow_state is not None


@transaction.atomic
def attach_submission_files(*, submission: Submission, photos=(), documents=(), user) -> None:
    """Store uploaded photos and documents with the submission, so they survive errors and later visits."""
    label = submission.title or "Case study submission"
    if (photos or documents) and Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")  # Wagtail's migration makes it; a flushed test database may lack it
    for upload in photos:
        image = get_image_model().objects.create(title=label, file=upload, uploaded_by_user=user)
        SubmissionFile.objects.create(submission=submission, image=image)
    for upload in documents:
        document = get_document_model().objects.create(
            title=f"{label}: supporting document", file=upload, uploaded_by_user=user
        )
        SubmissionFile.objects.create(submission=submission, document=document)


@transaction.atomic
def remove_submission_files(*, submission: Submission, file_ids) -> None:
    """Remove files from a submission; a file no revision can use yet (never sent) is deleted too."""
    for stored in submission.files.filter(pk__in=file_ids).select_related("image", "document"):
        stored.delete()
        if submission.page_id is None:
            (stored.image or stored.document).delete()


@transaction.atomic
def send_submission_for_review(*, submission: Submission, case_study: CaseStudySubmission, user) -> CaseStudyPage:
    """Send a working copy to the editors: a new page, or a new revision of its page (a live one stays up)."""
    case_study.images = [f.image for f in submission.files.all() if f.is_photo]
    case_study.documents = [f.document for f in submission.files.all() if not f.is_photo]
    case_study.co_authors = accepted_co_authors(submission)
    if case_study.proposed_organisation:
        organisation = propose_organisation(**case_study.proposed_organisation, proposed_by=user)
        case_study.organisations = [*case_study.organisations, organisation]
    if submission.page_id is None:
        page = submit_case_study(user=user, submission=case_study)
        submission.page = page
    else:
        page = fill_case_study(page=submission.page.get_latest_revision_as_object(), submission=case_study, user=user)
        page.save_revision(user=user, log_action=True)
        _start_review(submission.page, user)
    submission.title = case_study.title
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save()
    return page


@transaction.atomic
def withdraw_submission(*, submission: Submission, user) -> None:
    """Take a submission out of review; its cancelled workflow can no longer be approved."""
    state = submission.page.current_workflow_state if submission.page_id else None
    if state is not None:
        state.cancel(user=user)
    submission.state = SubmissionState.WITHDRAWN
    submission.save(update_fields=["state", "updated_at"])


@transaction.atomic
def delete_submission_draft(*, submission: Submission) -> None:
    """Delete a working copy that never reached the editors, with its files."""
    if submission.page_id is not None:
        raise ValueError("Only a draft that was never sent can be deleted.")
    for stored in submission.files.select_related("image", "document"):
        (stored.image or stored.document).delete()
    submission.delete()


# --- demo content -------------------------------------------------------------------------------


def _read_demo(name: str, data_dir: Path):
    return json.loads((data_dir / name).read_text(encoding="utf-8"))


def _bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


@transaction.atomic
def load_demo_taxonomies(*, data_dir: Path = DEMO_DIR) -> None:
    """Service areas and regions from the demo files, created or updated by slug."""
    taxonomies = _read_demo("taxonomies.json", data_dir)
    for row in taxonomies["service_areas"]:
        ServiceArea.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row.get("description", "")}
        )
    for row in taxonomies["regions"]:
        Region.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"]})


SHORT_TITLES = {
    "capabilities": "Capabilities",
    "reciprocity": "Reciprocity",
    "peer-support": "Peer support",
    "blurring-roles": "Blurring roles",
    "facilitators": "Facilitation",
    "assets": "Assets",
}


@transaction.atomic
def load_demo_principles(*, tree: PracticeTree, data_dir: Path = DEMO_DIR) -> int:
    """The six principles, published; existing ones (by slug) are left as editors keep them."""
    created = 0
    for row in _read_demo("principles.json", data_dir):
        if PrinciplePage.objects.filter(slug=row["slug"]).exists():
            continue
        page = PrinciplePage(
            title=row["title"],
            slug=row["slug"],
            short_title=SHORT_TITLES.get(row["slug"], row["title"][:30]),
            summary=row["summary"],
            body=[{"type": "paragraph", "value": _paragraphs(paragraph)} for paragraph in row["body"]],
            in_practice=_bullets(row["in_practice"]),
            questions=_bullets(row["questions"]),
        )
        tree.principles.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created


def _demo_body(row: dict) -> list:
    body = []
    for kind in ("context", "what_was_done", "who_was_involved", "challenges"):
        text = "".join(f"<p>{escape(p)}</p>" for p in row.get(kind, []))
        if text:
            body.append({"type": "section", "value": {"kind": kind, "heading": "", "text": text}})
        if kind == "context" and row.get("key_facts"):
            body.append({"type": "key_facts", "value": {"facts": row["key_facts"]}})
        if kind == "what_was_done" and row.get("quote"):
            quote = row["quote"]
            body.append({"type": "quote", "value": {**quote, "role": quote.get("role", "")}})
    if row.get("lessons"):
        body.append({"type": "section", "value": {"kind": "lessons", "heading": "", "text": _bullets(row["lessons"])}})
    return body


@transaction.atomic
def load_demo_case_studies(*, tree: PracticeTree, data_dir: Path = DEMO_DIR, profile_named=None) -> int:
    """The demo case studies, published; `profile_named(name)` links contributors to profiles."""
    principles = {p.slug: p for p in PrinciplePage.objects.all()}
    service_areas = {s.slug: s for s in ServiceArea.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    created = 0
    for row in _read_demo("case_studies.json", data_dir):
        if CaseStudyPage.objects.filter(slug=row["slug"]).exists():
            continue
        page = CaseStudyPage(
            title=row["title"],
            slug=row["slug"],
            summary=row["summary"],
            service_area=service_areas[row["service_area"]],
            region=regions[row["region"]],
            body=_demo_body(row),
            evidence_level=row["evidence_level"],
            cost_comparison=row["cost_comparison"],
            cost_note=row.get("cost_note", ""),
            start_year=row.get("start_year"),
            end_year=row.get("end_year"),
            status=row["status"],
            people_reached=row.get("people_reached"),
        )
        page.principle_applications = [
            PrincipleApplication(principle=principles[p["principle"]], strength=_strength(p["strength"]), how=p["how"])
            for p in row["principles"]
        ]
        page.impact_measures = [ImpactMeasure(**measure) for measure in row.get("impact_measures", [])]
        page.contributors = [
            CaseStudyContributor(
                name=c["name"],
                role=c["role"],
                contribution=c.get("contribution", ""),
                profile=profile_named(c["name"]) if profile_named else None,
            )
            for c in row.get("contributors", [])
        ]
        page.organisation_links = [
            CaseStudyOrganisation(organisation=organisation)
            for organisation in Organisation.objects.filter(slug__in=row.get("organisations", []))
        ]
        page.tags.set(row.get("tags", []))
        tree.case_studies.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created


def _strength(name: str) -> int:
    return {"present": 1, "central": 2, "exemplary": 3}[name]
