"""Principles of co-production and case studies of co-produced services."""

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework.relations import StringRelatedField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page

from portal import page_cache
from portal.practices.blocks import CaseStudyBodyBlock, PrincipleBodyBlock
from portal.taxonomy.models import Region, ServiceArea

SUMMARY_MAX_LENGTH = 300
EARLIEST_YEAR, LATEST_YEAR = 1950, 2100
year_validators = [MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)]


class EvidenceLevel(models.IntegerChoices):
    """The Nesta Standards of Evidence, in the portal's words."""

    DESCRIBED = 1, "Level 1: a clear account of what was done and why it should work"
    CHANGE_OBSERVED = 2, "Level 2: data show positive change, but not that the service caused it"
    CAUSALITY = 3, "Level 3: a comparison or control group shows the service made the difference"
    INDEPENDENTLY_REPLICATED = 4, "Level 4: independent evaluation confirms the effect and explains it"
    SCALED = 5, "Level 5: manuals and systems let others repeat it with the same impact"


class CostComparison(models.TextChoices):
    CHEAPER = "cheaper", "Cheaper than the conventional service"
    SIMILAR = "similar", "About the same as the conventional service"
    MORE_EXPENSIVE = "more-expensive", "More expensive than the conventional service"
    UNKNOWN = "unknown", "Not known"


class Licence(models.TextChoices):
    """Terms a case study is published under; cited and shown beside its citation."""

    CC_BY = "cc-by-4.0", "CC BY 4.0 (Creative Commons Attribution 4.0 International)"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0 (Creative Commons Attribution-ShareAlike 4.0 International)"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0 (Creative Commons Attribution-NonCommercial 4.0 International)"
    CC0 = "cc0-1.0", "CC0 1.0 (public domain dedication)"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved"


class CaseStudyStatus(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"


class ContributorRole(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    LIVED_EXPERIENCE = "lived-experience", "Person with lived experience of the service"
    CARER = "carer", "Carer or family member"
    COMMISSIONER = "commissioner", "Commissioner"
    RESEARCHER = "researcher", "Researcher"


class PrincipleStrength(models.IntegerChoices):
    PRESENT = 1, "Present"
    CENTRAL = 2, "Central"
    EXEMPLARY = 3, "Exemplary"


class PrincipleIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PrinciplePage"]
    max_count = 1


class PrinciplePage(Page):
    short_title = models.CharField(max_length=30, help_text="A word or two for compact views, e.g. 'Reciprocity'.")
    summary = models.CharField(max_length=240)
    body = StreamField(PrincipleBodyBlock(), blank=True)
    in_practice = RichTextField(
        features=["ul", "bold", "italic", "link"], blank=True, verbose_name="What it looks like in practice"
    )
    questions = RichTextField(features=["ul", "bold", "italic"], blank=True, verbose_name="Questions to ask yourself")

    content_panels = Page.content_panels + [
        FieldPanel("short_title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("in_practice"),
        FieldPanel("questions"),
    ]
    api_fields = [APIField("short_title"), APIField("summary")]
    parent_page_types = ["practices.PrincipleIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from portal.practices.selectors import case_studies_applying, principle_structured_data

        context = super().get_context(request, *args, **kwargs)
        context["applications"] = case_studies_applying(self)
        context["structured_data"] = principle_structured_data(self)
        return context


class CaseStudyIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.CaseStudyPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from portal.practices.forms import CaseStudyFilterForm
        from portal.practices.selectors import case_study_index_context

        context = super().get_context(request, *args, **kwargs)
        filters = CaseStudyFilterForm(request.GET).filters()
        # Read only when the template renders the listing its fragment cache does not hold.
        listing = functools.partial(case_study_index_context, filters=filters, page_number=request.GET.get("page"))
        context["filters"] = filters
        context.update(page_cache.deferred(listing, ("options", "page_obj", "cards")))
        return context


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("practices.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items")


class CaseStudyPage(Page):
    summary = models.CharField(max_length=SUMMARY_MAX_LENGTH, help_text="Plain text, at most 300 characters.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_area = models.ForeignKey(ServiceArea, null=True, on_delete=models.PROTECT, related_name="case_studies")
    region = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="case_studies")
    body = StreamField(CaseStudyBodyBlock(), blank=True)
    evidence_level = models.PositiveSmallIntegerField(
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.DESCRIBED,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="On the Nesta Standards of Evidence scale.",
    )
    cost_comparison = models.CharField(max_length=20, choices=CostComparison.choices, default=CostComparison.UNKNOWN)
    cost_note = models.CharField(max_length=250, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    status = models.CharField(max_length=20, choices=CaseStudyStatus.choices, default=CaseStudyStatus.ONGOING)
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True)
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this case study is still accurate."
    )
    licence = models.CharField(
        max_length=30, choices=Licence.choices, default=Licence.CC_BY, help_text="How others may reuse and cite it."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_case_studies",
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("hero_image"),
        FieldRowPanel([FieldPanel("service_area"), FieldPanel("region")]),
        InlinePanel("organisation_links", label="Organisations involved"),
        InlinePanel("contributors", label="Contributors"),
        InlinePanel("principle_applications", label="Principles applied", min_num=1),
        FieldPanel("body"),
        InlinePanel("impact_measures", label="Impact measures"),
        InlinePanel(
            "consent_records",
            label="People who can be identified, and their consent (never shown on the site)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("evidence_level"),
                FieldRowPanel([FieldPanel("cost_comparison"), FieldPanel("cost_note")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")]),
                FieldPanel("people_reached"),
                FieldPanel("tags"),
            ],
            heading="Evidence, cost and reach",
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("last_reviewed"), FieldPanel("licence")]
    api_fields = [
        APIField("summary"),
        APIField("service_area", serializer=StringRelatedField()),
        APIField("region", serializer=StringRelatedField()),
        APIField("evidence_level"),
        APIField("cost_comparison"),
        APIField("cost_note"),
        APIField("start_year"),
        APIField("end_year"),
        APIField("status"),
        APIField("people_reached"),
        APIField("tags"),
        APIField("principle_applications"),
        APIField("impact_measures"),
        APIField("contributors"),
        APIField("body"),
    ]
    parent_page_types = ["practices.CaseStudyIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The end year cannot be before the start year."})
        if self.status == CaseStudyStatus.COMPLETED and self.start_year and not self.end_year:
            raise ValidationError({"end_year": "A completed case study needs an end year."})

    # Flat values for the editors' CSV export.
    @property
    def principles_applied(self):
        return "; ".join(
            f"{a.principle.title} ({a.get_strength_display().lower()})" for a in self.principle_applications.all()
        )

    @property
    def last_reviewed_or_published(self):
        """When an editor last vouched for it: its review date, or its first publication if never reviewed."""
        if self.last_reviewed:
            return self.last_reviewed
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    @property
    def organisations(self):
        return "; ".join(link.organisation.name for link in self.organisation_links.all())

    @property
    def contributor_names(self):
        return "; ".join(f"{c.name} ({c.get_role_display()})" for c in self.contributors.all())

    @property
    def tag_names(self):
        return "; ".join(tag.name for tag in self.tags.all())

    def get_context(self, request, *args, **kwargs):
        from portal.practices.selectors import case_study_structured_data, principle_profile

        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders a fragment its cache does not hold (after a change, in a
        # preview): a cached page reads none of it. `case_study` is the page with its related things in
        # one query per kind, however many the template and the structured data read.
        case_study = SimpleLazyObject(functools.partial(self.with_related, request))
        context["case_study"] = case_study
        context["profile"] = functools.cache(lambda: principle_profile(case_study))
        context["evidence_levels"] = EvidenceLevel.choices
        context["structured_data"] = functools.cache(lambda: case_study_structured_data(case_study))
        return context

    def with_related(self, request):
        """This page with its principles, organisations, contributors, impact measures and tags read.

        A preview's related things are the revision's, in memory: reading the database's would show the
        live ones."""
        if self.pk and not getattr(request, "is_preview", False):
            prefetch_related_objects(
                [self],
                "principle_applications__principle",
                "organisation_links__organisation",
                "contributors__profile",
                "impact_measures",
                "tags",
            )
        return self


class CaseStudyOrganisation(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "organisation"], name="unique_case_study_organisation")]


class CaseStudyContributor(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="contributors")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=20, choices=ContributorRole.choices, default=ContributorRole.PRACTITIONER)
    contribution = models.CharField(max_length=250, blank=True, help_text="Their part in the work.")
    profile = models.ForeignKey(
        "network.PractitionerProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        help_text="Link to the contributor's practitioner profile, if they have one.",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("contribution"), FieldPanel("profile")]
    api_fields = [APIField("name"), APIField("role"), APIField("contribution")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class PrincipleApplication(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="principle_applications")
    principle = models.ForeignKey(PrinciplePage, on_delete=models.CASCADE, related_name="applications")
    strength = models.PositiveSmallIntegerField(choices=PrincipleStrength.choices, default=PrincipleStrength.PRESENT)
    how = models.TextField(max_length=1000, help_text="How the principle was applied.")

    panels = [FieldPanel("principle"), FieldPanel("strength"), FieldPanel("how")]
    api_fields = [APIField("principle_id"), APIField("principle_title"), APIField("strength"), APIField("how")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "principle"], name="unique_principle_per_case_study")]

    @property
    def principle_title(self):
        return self.principle.title


CURRENCY_SYMBOLS = ("£", "€", "$")


class ImpactMeasure(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="impact_measures")
    outcome = models.CharField(max_length=200, help_text="What changed for people, e.g. 'Fewer missed collections'.")
    metric = models.CharField(max_length=200, help_text="How it was measured.")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    result = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    period = models.CharField(max_length=40, blank=True, help_text="e.g. '2019-2021'")
    source = models.URLField(blank=True, help_text="Link to the evaluation or data.")

    panels = [
        FieldPanel("outcome"),
        FieldPanel("metric"),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("result"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("period"), FieldPanel("source")]),
    ]
    api_fields = [APIField(name) for name in ("outcome", "metric", "baseline", "result", "unit", "period", "source")]

    def figure(self, value) -> str:
        """A value with its unit as a reader writes it: 33%, £2.4 million per year, 1,100 MWh per year."""
        if value is None:
            return "\N{EN DASH}"
        number = f"{value.normalize():,f}"  # 1100.00 is "1,100", never "1.1E+3"
        unit = self.unit.strip()
        if unit == "%":
            return f"{number}%"
        if unit[:1] in CURRENCY_SYMBOLS:
            return f"{unit[0]}{number} {unit[1:].strip()}".strip()
        return f"{number} {unit}".strip()

    @property
    def baseline_figure(self) -> str:
        return self.figure(self.baseline)

    @property
    def result_figure(self) -> str:
        return self.figure(self.result)

    @property
    def change(self):
        """Result minus baseline, when both are known."""
        if self.baseline is None or self.result is None:
            return None
        return self.result - self.baseline


class ConsentPurpose(models.TextChoices):
    QUOTED = "quoted", "Quoted"
    PHOTOGRAPHED = "photographed", "Photographed"
    QUOTED_AND_PHOTOGRAPHED = "quoted-and-photographed", "Quoted and photographed"
    NAMED = "named", "Named or described"


class ConsentRecord(Orderable):
    """A person who can be identified in a case study and the consent the submitter recorded; never shown publicly."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="consent_records")
    person = models.CharField(max_length=120, help_text="Who they are, e.g. 'Parent quoted in the story'.")
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    given_on = models.DateField(help_text="When they gave their consent.")

    panels = [FieldPanel("person"), FieldPanel("purpose"), FieldPanel("given_on")]

    def __str__(self):
        return f"{self.person}: {self.get_purpose_display().lower()} ({self.given_on:%-d %B %Y})"


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Sent for review"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Submission(models.Model):
    """A member's working copy of a case study: kept between visits, sent to the page and its review on submit."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_study_submissions")
    page = models.OneToOneField(
        CaseStudyPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )
    title = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title or "Untitled draft"


class SubmissionFile(models.Model):
    """A photo or document uploaded to a submission, kept server-side as a Wagtail image or document."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_photo(self):
        return self.image_id is not None

    @property
    def name(self):
        stored = self.image.file if self.is_photo else self.document.file
        return stored.name.rsplit("/", 1)[-1]


class ConsentCheckTask(AbstractGroupApprovalTask):
    """The editors' review of a case study: approving asks them to confirm nobody is identifiable without consent."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", "Request changes", True), ("approve", "Approve", True)]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            from portal.practices.forms import ConsentConfirmationForm

            return ConsentConfirmationForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return "practices/admin/consent_check_modal.html" if action == "approve" else ""

    def on_action(self, task_state, user, action_name, **kwargs):
        kwargs.pop("consent_confirmed", None)  # the form refuses to approve without it
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Editors approve, confirming nobody is identifiable without consent"

    class Meta:
        verbose_name = "Editor review with a consent check"


class InvitationState(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Withdrawn"


class CoAuthorInvitation(models.Model):
    """A submitter asks someone to be credited on their case study; they are credited and linked only if they accept."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(
        "network.PractitionerProfile", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True, help_text="For someone who is not a member yet.")
    role = models.CharField(max_length=20, choices=ContributorRole.choices, default=ContributorRole.PRACTITIONER)
    token = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=20, choices=InvitationState.choices, default=InvitationState.PENDING)
    accepted_by = models.ForeignKey(
        "network.PractitionerProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.invitee_name} ({self.get_state_display().lower()})"

    @property
    def invitee_name(self):
        profile = self.accepted_by or self.profile
        return profile.display_name if profile is not None else self.email
