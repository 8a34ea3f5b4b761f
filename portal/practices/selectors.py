"""Reads of principles and case studies for pages, feeds and other apps."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from taggit.models import Tag

from portal import page_cache
from portal.practices.models import (
    CaseStudyPage,
    EvidenceLevel,
    PrincipleApplication,
    PrinciplePage,
    PrincipleStrength,
)
from portal.taxonomy.models import Region, ServiceArea

CASE_STUDIES_PER_PAGE = 12


def live_principles():
    """The published principles in the editors' order."""
    return PrinciplePage.objects.live().public().order_by("path")


def live_case_studies():
    """Published case studies with what their cards and profiles need, newest first."""
    return (
        CaseStudyPage.objects.live()
        .public()
        .select_related("service_area", "region", "hero_image")
        .prefetch_related(
            Prefetch(
                "principle_applications",
                queryset=PrincipleApplication.objects.select_related("principle"),
            ),
            "tags",
        )
        .order_by("-first_published_at", "-pk")
    )


def for_cards(case_studies):
    """Only what a case study card shows: no body, and each principle applied as an id and a strength
    (building every applied principle's page object cost more than the rest of a list page)."""
    return (
        case_studies.defer_streamfields()
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "principle_applications",
                queryset=PrincipleApplication.objects.only("pk", "page_id", "principle_id", "strength"),
            )
        )
    )


def principle_profile(case_study, principles=None):
    """Each principle with this case study's strength for it: 0 (not applied) to 3 (exemplary)."""
    principles = principles if principles is not None else list(live_principles())
    strengths = {a.principle_id: a.strength for a in case_study.principle_applications.all()}
    return [
        {
            "principle": principle,
            "strength": strengths.get(principle.pk, 0),
            "label": PrincipleStrength(strengths[principle.pk]).label if principle.pk in strengths else "Not applied",
        }
        for principle in principles
    ]


def case_studies_applying(principle):
    """The principle's applications in published case studies, strongest first."""
    return (
        PrincipleApplication.objects.filter(principle=principle, page__live=True)
        .select_related("page", "page__service_area", "page__region")
        .order_by("-strength", "page__title")
    )


@dataclass
class CaseStudyFilters:
    """What a visitor chose on the case study index; values are slugs, OR within one facet."""

    service_areas: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    min_evidence: int | None = None

    @property
    def is_active(self):
        return bool(self.service_areas or self.regions or self.principles or self.tags or self.min_evidence)


def case_studies_for(filters: CaseStudyFilters):
    """Published case studies matching every chosen facet (any value within a facet)."""
    queryset = live_case_studies()
    if filters.service_areas:
        queryset = queryset.filter(service_area__slug__in=filters.service_areas)
    if filters.regions:
        queryset = queryset.filter(region__slug__in=filters.regions)
    if filters.principles:
        applying = PrincipleApplication.objects.filter(principle__slug__in=filters.principles)
        queryset = queryset.filter(pk__in=applying.values("page_id"))
    if filters.tags:
        queryset = queryset.filter(tags__slug__in=filters.tags).distinct()
    if filters.min_evidence:
        queryset = queryset.filter(evidence_level__gte=filters.min_evidence)
    return queryset


def filter_options():
    """The values each facet offers, with how many published case studies carry each.

    Counting reads every published case study, so the options are kept (per process) until the
    catalogue changes (portal/page_cache.py).
    """
    return page_cache.kept("case-study-facets", _count_filter_options)


def _count_filter_options() -> dict:
    live = Q(case_studies__live=True)
    return {
        "service_areas": list(ServiceArea.objects.annotate(count=Count("case_studies", filter=live))),
        "regions": list(Region.objects.annotate(count=Count("case_studies", filter=live))),
        "principles": list(live_principles()),
        "evidence_levels": EvidenceLevel.choices,
        "tags": list(
            Tag.objects.filter(practices_casestudytag_items__content_object__live=True)
            .annotate(count=Count("practices_casestudytag_items"))
            .order_by("-count", "name")[:15]
        ),
    }


def case_study_index_context(*, filters: CaseStudyFilters, page_number=None) -> dict:
    """Everything the case study index shows for these filters and this page number."""
    paginator = Paginator(for_cards(case_studies_for(filters)), CASE_STUDIES_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    principles = list(live_principles())
    cards = [{"case_study": cs, "profile": principle_profile(cs, principles)} for cs in page_obj.object_list]
    return {"filters": filters, "options": filter_options(), "page_obj": page_obj, "cards": cards}


def case_studies_in_service_area(service_area: ServiceArea | None = None):
    """Newest published case studies, optionally of one service area (for feeds)."""
    queryset = live_case_studies()
    if service_area is not None:
        queryset = queryset.filter(service_area=service_area)
    return queryset


def submissions_of(user):
    """The case studies a member submitted, with their latest revision and workflow state."""
    return (
        CaseStudyPage.objects.filter(submitted_by=user)
        .select_related("latest_revision")
        .order_by("-latest_revision_created_at", "-pk")
    )


def organisation_choices():
    """The organisations a submitter may tick, in name order."""
    from portal.network.models import Organisation

    return Organisation.objects.order_by("name")


def case_studies_for_profile(profile):
    """Published case studies a practitioner profile contributed to."""
    return live_case_studies().filter(contributors__profile=profile).distinct()


SUBMISSION_STATES = {
    "in_progress": "Awaiting review",
    "needs_changes": "Changes requested",
    "approved": "Approved",
    "cancelled": "Withdrawn",
}


def submission_status(case_study) -> dict:
    """Where a submitted case study stands, in words a submitter understands, with the editor's comment."""
    if case_study.live:
        return {"label": "Published", "key": "published", "comment": ""}
    state = case_study.workflow_states.order_by("-created_at").first()
    if state is None:
        return {"label": "Draft", "key": "draft", "comment": ""}
    task_state = state.task_states.order_by("-started_at").first()
    comment = task_state.comment if task_state is not None else ""
    return {"label": SUBMISSION_STATES.get(state.status, state.status), "key": state.status, "comment": comment}


def case_study_structured_data(case_study) -> dict:
    """schema.org JSON-LD describing a case study as an Article about a public service."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case_study.title,
        "description": case_study.summary,
        "url": case_study.full_url,
        "datePublished": case_study.first_published_at,
        "dateModified": case_study.last_published_at,
        "keywords": [tag.name for tag in case_study.tags.all()],
        "about": [{"@type": "Thing", "name": a.principle.title} for a in case_study.principle_applications.all()],
        "author": [{"@type": "Person", "name": c.name} for c in case_study.contributors.all()],
        "publisher": {"@type": "Organization", "name": "Co-production portal"},
    }
    if case_study.service_area:
        data["genre"] = case_study.service_area.name
    if case_study.region:
        data["spatialCoverage"] = {"@type": "Place", "name": case_study.region.name}
    organisations = [link.organisation.name for link in case_study.organisation_links.all()]
    if organisations:
        data["sourceOrganization"] = [{"@type": "Organization", "name": name} for name in organisations]
    return data


def principle_structured_data(principle) -> dict:
    """schema.org JSON-LD describing a principle as a defined term of co-production."""
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": principle.title,
        "description": principle.summary,
        "url": principle.full_url,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Principles of co-production"},
    }


# --- registered with network (network.work) ---
from portal.practices.models import CaseStudyContributor, CaseStudyOrganisation  # noqa: E402


def _live_case_study_ids():
    return CaseStudyPage.objects.live().public().values("pk")


def contributor_links(profile_ids=None, page_ids=None):
    """(profile id, case study id) pairs: which practitioner profiles contributed to which published case studies."""
    links = CaseStudyContributor.objects.filter(profile__isnull=False, page__in=_live_case_study_ids())
    if profile_ids is not None:
        links = links.filter(profile_id__in=profile_ids)
    if page_ids is not None:
        links = links.filter(page_id__in=page_ids)
    return links.order_by().values_list("profile_id", "page_id").distinct()


def organisation_links(organisation_ids=None, page_ids=None):
    """(organisation id, case study id) pairs of published case studies and the organisations involved."""
    links = CaseStudyOrganisation.objects.filter(page__in=_live_case_study_ids())
    if organisation_ids is not None:
        links = links.filter(organisation_id__in=organisation_ids)
    if page_ids is not None:
        links = links.filter(page_id__in=page_ids)
    return links.order_by().values_list("organisation_id", "page_id").distinct()


def case_studies_by_contributors(profile_ids):
    """Published case studies, newest first, that any of these practitioner profiles contributed to."""
    contributed = CaseStudyContributor.objects.filter(profile_id__in=profile_ids).values("page_id")
    return live_case_studies().filter(pk__in=contributed)


def case_studies_of_organisation(organisation):
    """Published case studies, newest first, an organisation was involved in."""
    involved = CaseStudyOrganisation.objects.filter(organisation=organisation).values("page_id")
    return live_case_studies().filter(pk__in=involved)


REVIEW_INTERVAL_DAYS = 548  # about 18 months


def case_studies_for_export():
    """Every case study (draft or live) with what the editors' export lists, in tree order."""
    return (
        CaseStudyPage.objects.select_related("service_area", "region")
        .prefetch_related(
            Prefetch("principle_applications", queryset=PrincipleApplication.objects.select_related("principle")),
            "organisation_links__organisation",
            "contributors",
            "tags",
        )
        .order_by("path")
    )


def case_studies_due_for_review(today=None):
    """Published case studies whose last review (or first publication) is over 18 months old."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = (today or timezone.localdate()) - timedelta(days=REVIEW_INTERVAL_DAYS)
    stale = Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True, first_published_at__date__lt=cutoff)
    return case_studies_for_export().filter(stale, live=True).order_by("last_reviewed", "first_published_at")


def submissions_awaiting_review(limit: int = 10):
    """Case studies whose review workflow is in progress, oldest submission first."""
    from wagtail.models import Page, WorkflowState

    # Workflow states point at pages through the base Page content type.
    pending_ids = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    ).values_list("object_id", flat=True)
    return (
        CaseStudyPage.objects.filter(pk__in=[int(pk) for pk in pending_ids])
        .select_related("submitted_by", "service_area")
        .order_by("latest_revision_created_at")[:limit]
    )


def principles_applied_in(case_study):
    """The published principle pages a case study applies (their pages list it)."""
    return live_principles().filter(applications__page=case_study).distinct()


def _titles_and_urls(pages, ids) -> dict[int, tuple[str, str]]:
    return {page.pk: (page.title, page.get_url()) for page in pages.live().public().filter(pk__in=ids)}


def case_study_titles(ids) -> dict[int, tuple[str, str]]:
    """Live case studies' titles and addresses by id (for the insight report)."""
    return _titles_and_urls(CaseStudyPage.objects.all(), ids)


def principle_titles(ids) -> dict[int, tuple[str, str]]:
    """Live principles' titles and addresses by id (for the insight report)."""
    return _titles_and_urls(PrinciplePage.objects.all(), ids)


def case_studies_submitted_per_week(start, end) -> dict:
    """Case studies sent for review, counted per week (a resubmission counts again)."""
    from wagtail.models import Page, WorkflowState

    from portal.insight.selectors import weekly_counts

    submitted = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        content_type=ContentType.objects.get_for_model(CaseStudyPage),
    )
    return weekly_counts(submitted, "created_at", start, end)


def case_studies_published_per_week(start, end) -> dict:
    """Case studies first published, counted per week."""
    from portal.insight.selectors import weekly_counts

    return weekly_counts(CaseStudyPage.objects.all(), "first_published_at", start, end)


# --- a member's submissions ------------------------------------------------------------------------


@dataclass
class SubmissionProgress:
    """Where a submission stands, in a submitter's words, and what they can do next."""

    key: str
    label: str
    next_step: str
    comment: str = ""
    can_edit: bool = True
    can_withdraw: bool = False
    can_delete: bool = False


def member_submissions(user):
    """A member's working copies (drafts, in review, published), newest first, with their pages."""
    from portal.practices.models import Submission

    return Submission.objects.filter(owner=user).select_related("page").order_by("-updated_at", "-pk")


def earlier_submissions_of(user):
    """Case studies a member submitted before drafts were kept (no working copy): listed, not editable here."""
    return submissions_of(user).filter(submission__isnull=True)


def submission_progress(submission) -> SubmissionProgress:
    """The state of a member's submission, the editor's message when changes are requested, and the next step."""
    from portal.practices.models import SubmissionState

    page = submission.page
    live = page is not None and page.live
    stays_up = " The published version stays up meanwhile." if live else ""
    if submission.state == SubmissionState.WITHDRAWN:
        return SubmissionProgress(
            "withdrawn",
            "Withdrawn",
            "Editors will not review it. Edit it and send it again when you are ready." + stays_up,
        )
    if submission.state == SubmissionState.DRAFT:
        if live:
            return SubmissionProgress(
                "draft", "Changes not sent yet", "Send your changes for review when ready." + stays_up
            )
        return SubmissionProgress(
            "draft",
            "Draft",
            "Finish it, preview it and send it for review when you are ready.",
            can_delete=page is None,
        )
    state = page.workflow_states.order_by("-created_at").first() if page is not None else None
    status = state.status if state is not None else None
    if status == "in_progress":
        return SubmissionProgress(
            "in_progress",
            "Awaiting review",
            "An editor will read it. You can still edit it: your changes go to the editor." + stays_up,
            can_withdraw=True,
        )
    if status == "needs_changes":
        return SubmissionProgress(
            "needs_changes",
            "Changes requested",
            "Read the editor's message, edit your case study and send it again.",
            comment=state.current_task_state.get_comment() if state.current_task_state else "",
            can_withdraw=True,
        )
    if status == "cancelled":
        return SubmissionProgress("withdrawn", "Review stopped", "Edit it and send it again when you are ready.")
    if live:
        return SubmissionProgress(
            "published", "Published", "To update it, edit it and send your changes: the published version stays up."
        )
    return SubmissionProgress(
        "approved", "Approved", "It will be published on the date the editors set.", can_edit=False
    )
