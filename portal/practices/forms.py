"""Forms of practices: the case study index's filters and the "Share your practice" form."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from wagtail.images.fields import WagtailImageField

from portal.accounts.uploads import without_metadata
from portal.network.services import organisation_proposal_problem
from portal.practices.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    SUMMARY_MAX_LENGTH,
    CaseStudyStatus,
    ConsentPurpose,
    ContributorRole,
    CostComparison,
    EvidenceLevel,
    PrinciplePage,
    PrincipleStrength,
    Region,
    ServiceArea,
)
from portal.practices.selectors import CaseStudyFilters, live_principles, organisation_choices
from portal.practices.services import CaseStudySubmission, ConsentInput, ImpactInput, PrincipleChoice
from portal.taxonomy.forms import SlugsField
from portal.taxonomy.models import OrganisationKind

SECTION_FIELDS = {
    "context": "Context: the service and the problem before you started",
    "what_was_done": "What was done",
    "who_was_involved": "Who was involved, and how",
    "challenges": "Challenges",
    "lessons": "Lessons for others",
}
STRENGTH_CHOICES = [("", "Not applied"), *[(str(v), label) for v, label in PrincipleStrength.choices]]
MAX_TAGS = 8


def _text(label, required=False, max_length=5000, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _year(label):
    return forms.IntegerField(label=label, required=False, min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)


class CaseStudySubmissionForm(forms.Form):
    title = forms.CharField(
        max_length=200, help_text="Name the service and the place, e.g. 'Sorted recycling in Hollowford'."
    )
    summary = forms.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"What was done and what changed, in plain words. At most {SUMMARY_MAX_LENGTH} characters.",
    )
    service_area = forms.ModelChoiceField(queryset=ServiceArea.objects.all(), empty_label="Choose a service area")
    region = forms.ModelChoiceField(queryset=Region.objects.all(), empty_label="Choose a region")
    principles = forms.ModelMultipleChoiceField(
        queryset=PrinciplePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each principle you applied, then say how strongly and how.",
        error_messages={"invalid_choice": "%(value)s is not one of the principles of co-production."},
    )
    context = _text(SECTION_FIELDS["context"])
    what_was_done = _text(SECTION_FIELDS["what_was_done"], required=True)
    who_was_involved = _text(SECTION_FIELDS["who_was_involved"])
    challenges = _text(SECTION_FIELDS["challenges"])
    lessons = _text(SECTION_FIELDS["lessons"])
    quote_text = _text("A quote from someone who uses the service (optional)", max_length=1000)
    quote_attribution = forms.CharField(
        label="Who said it", required=False, max_length=120, help_text="With their permission, e.g. 'Parent, Year 5'."
    )
    evidence_level = forms.TypedChoiceField(
        choices=EvidenceLevel.choices,
        coerce=int,
        error_messages={"invalid_choice": "Choose an evidence level from 1 to 5."},
    )
    cost_comparison = forms.ChoiceField(choices=CostComparison.choices, initial=CostComparison.UNKNOWN)
    cost_note = forms.CharField(label="About the cost (optional)", required=False, max_length=250)
    start_year = _year("Start year")
    end_year = _year("End year")
    status = forms.ChoiceField(choices=CaseStudyStatus.choices)
    people_reached = forms.IntegerField(label="People reached", required=False, min_value=0, max_value=100_000_000)
    tags = forms.CharField(required=False, max_length=300, help_text=f"Up to {MAX_TAGS} keywords, separated by commas.")
    organisations = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.none(),  # organisations, set per form
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Organisations involved",
        help_text="Tick the organisations that took part. Not in the list? Propose it below.",
    )
    your_role = forms.ChoiceField(
        label="Your part in the work",
        choices=ContributorRole.choices,
        initial=ContributorRole.PRACTITIONER,
        help_text="How the case study credits you.",
    )
    new_organisation_name = forms.CharField(label="Name of the organisation", required=False, max_length=150)
    new_organisation_kind = forms.ModelChoiceField(
        label="Kind of organisation",
        queryset=OrganisationKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Choose a kind",
    )
    new_organisation_region = forms.ModelChoiceField(
        label="Its region", queryset=Region.objects.all(), required=False, empty_label="Choose a region"
    )
    new_organisation_website = forms.URLField(label="Its website", required=False, assume_scheme="https")

    def __init__(self, *args, draft=False, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        # A draft keeps whatever is there: only a title (to find it again) and well-formed values are needed.
        self.draft = draft
        self.fields["principles"].queryset = live_principles()
        self.fields["organisations"].queryset = organisation_choices()
        self.principle_rows = []
        for principle in self.fields["principles"].queryset:
            strength = forms.ChoiceField(
                label=f"How strongly: {principle.title}", choices=STRENGTH_CHOICES, required=False
            )
            how = forms.CharField(
                label=f"How you applied it: {principle.title}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            strength.required_to_send = how.required_to_send = True  # for each principle ticked
            self.fields[f"strength_{principle.pk}"] = strength
            self.fields[f"how_{principle.pk}"] = how
            self.principle_rows.append(principle)
        if draft:
            for name, form_field in self.fields.items():
                # still marked "(required)" on the page
                form_field.required_to_send = form_field.required or getattr(form_field, "required_to_send", False)
                form_field.required = name == "title"

    def principle_fieldsets(self):
        """Per principle: its checkbox state and its two fields, for the template."""
        chosen = {str(value) for value in (self["principles"].value() or [])}
        return [
            {
                "principle": principle,
                "checked": str(principle.pk) in chosen,
                "strength": self[f"strength_{principle.pk}"],
                "how": self[f"how_{principle.pk}"],
            }
            for principle in self.principle_rows
        ]

    def clean_tags(self):
        tags = [tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        if any(len(tag) > 50 for tag in tags):
            raise forms.ValidationError("Keep each tag under 50 characters.")
        return list(dict.fromkeys(tags))

    def clean(self):
        cleaned = super().clean()
        if self.draft:
            return cleaned
        self._check_new_organisation(cleaned)
        for principle in cleaned.get("principles") or []:
            if not cleaned.get(f"strength_{principle.pk}"):
                self.add_error(f"strength_{principle.pk}", f"Say how strongly you applied '{principle.title}'.")
            if not (cleaned.get(f"how_{principle.pk}") or "").strip():
                self.add_error(f"how_{principle.pk}", f"Say how you applied '{principle.title}'.")
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The end year cannot be before the start year.")
        if cleaned.get("status") == CaseStudyStatus.COMPLETED and start and not end:
            self.add_error("end_year", "A completed service needs an end year.")
        if cleaned.get("quote_text", "").strip() and not cleaned.get("quote_attribution", "").strip():
            self.add_error("quote_attribution", "Say who said it (a role is enough).")
        return cleaned

    def _check_new_organisation(self, cleaned):
        name = (cleaned.get("new_organisation_name") or "").strip()
        details = [cleaned.get(f"new_organisation_{part}") for part in ("kind", "region", "website")]
        if not name and any(details):
            self.add_error("new_organisation_name", "Name the organisation you propose.")
        if name and not cleaned.get("new_organisation_kind"):
            self.add_error("new_organisation_kind", "Say what kind of organisation it is.")
        if name and self.owner is not None:
            problem = organisation_proposal_problem(name=name, proposed_by=self.owner)
            if problem:
                self.add_error("new_organisation_name", problem)

    def proposed_organisation(self) -> dict | None:
        """The new organisation the member proposes, if any, as the network's service takes it."""
        data = self.cleaned_data
        name = (data.get("new_organisation_name") or "").strip()
        if not name:
            return None
        return {
            "name": name,
            "kind": data["new_organisation_kind"].slug if data.get("new_organisation_kind") else "",
            "region": data.get("new_organisation_region"),
            "website": data.get("new_organisation_website") or "",
        }

    def to_submission(self, *, impacts=(), consents=()) -> CaseStudySubmission:
        """The case study to send or preview; a draft's missing values take their defaults."""
        data = self.cleaned_data
        return CaseStudySubmission(
            title=data["title"],
            summary=data.get("summary", ""),
            service_area=data.get("service_area"),
            region=data.get("region"),
            principles=[
                PrincipleChoice(
                    principle=p,
                    strength=int(data.get(f"strength_{p.pk}") or PrincipleStrength.PRESENT),
                    how=(data.get(f"how_{p.pk}") or "").strip(),
                )
                for p in data.get("principles") or []
            ],
            sections={name: data.get(name, "") for name in SECTION_FIELDS},
            evidence_level=data.get("evidence_level") or EvidenceLevel.DESCRIBED,
            cost_comparison=data.get("cost_comparison") or CostComparison.UNKNOWN,
            cost_note=data.get("cost_note", ""),
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            status=data.get("status") or CaseStudyStatus.ONGOING,
            people_reached=data.get("people_reached"),
            tags=data.get("tags") or [],
            quote_text=data.get("quote_text", ""),
            quote_attribution=data.get("quote_attribution", ""),
            impacts=[ImpactInput(**row) for row in impacts],
            consents=[ConsentInput(**row) for row in consents],
            organisations=list(data.get("organisations") or []),
            proposed_organisation=self.proposed_organisation(),
            submitter_role=data.get("your_role") or ContributorRole.PRACTITIONER,
        )

    def draft_data(self) -> dict:
        """The cleaned values as JSON for the draft; reopening the form takes them back as initial values."""
        data = {}
        for name, value in self.cleaned_data.items():
            # A choice offered by another field than the id (a kind by its slug) is kept as the form posts it.
            key = getattr(self.fields.get(name), "to_field_name", None)
            data[name] = getattr(value, key) if key and isinstance(value, models.Model) else _jsonable(value)
        data["tags"] = ", ".join(self.cleaned_data.get("tags") or [])
        return data


def _jsonable(value):
    if isinstance(value, dict):
        return {name: _jsonable(item) for name, item in value.items()}
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, models.QuerySet)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    return value


class ImpactMeasureForm(forms.Form):
    """One impact measure; a row left empty is skipped."""

    outcome = forms.CharField(
        label="Outcome", required=False, max_length=200, help_text="e.g. 'Fewer missed collections'"
    )
    metric = forms.CharField(label="How it was measured", required=False, max_length=200)
    baseline = forms.DecimalField(label="Before", required=False, max_digits=14, decimal_places=2)
    result = forms.DecimalField(label="After", required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label="Unit", required=False, max_length=40, help_text="e.g. '%', 'people', '£ per year'")
    period = forms.CharField(label="Period", required=False, max_length=40, help_text="e.g. '2019-2021'")
    source = forms.URLField(label="Link to the evaluation or data", required=False, assume_scheme="https")

    def __init__(self, *args, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft

    def clean(self):
        cleaned = super().clean()
        if self.draft or not any(value not in (None, "") for value in cleaned.values()):
            return cleaned
        if not cleaned.get("outcome"):
            self.add_error("outcome", "Name the outcome this measure is about.")
        if cleaned.get("outcome") and not cleaned.get("metric"):
            self.add_error("metric", "Say how the outcome was measured.")
        return cleaned


class ConsentForm(forms.Form):
    """A person who can be identified in the case study, and their consent."""

    person = forms.CharField(
        label="Who",
        required=False,
        max_length=120,
        help_text="e.g. 'Parent quoted in the story', 'People in the photo'",
    )
    purpose = forms.ChoiceField(label="What for", required=False, choices=[("", "Choose"), *ConsentPurpose.choices])
    given_on = forms.DateField(label="Date of consent", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft

    def clean(self):
        cleaned = super().clean()
        given_on = cleaned.get("given_on")
        if given_on and given_on > datetime.date.today():
            self.add_error("given_on", "The date of consent cannot be in the future.")
        if self.draft or not any(value not in (None, "") for value in cleaned.values()):
            return cleaned
        for name, message in (
            ("person", "Say who this person is (a role is enough)."),
            ("purpose", "Say what they agreed to."),
            ("given_on", "Give the date they consented."),
        ):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


MAX_IMPACT_MEASURES = 30
MAX_CONSENTS = 30


def _rows_formset(form, *, max_num, extra):
    return forms.formset_factory(
        form, extra=extra, can_delete=True, max_num=max_num, validate_max=True, absolute_max=max_num
    )


def impact_formset(*, data=None, initial=None, extra=0, draft=False):
    """A submission's impact measures: any number, "Add another measure" works with or without JavaScript."""
    formset = _rows_formset(ImpactMeasureForm, max_num=MAX_IMPACT_MEASURES, extra=extra)
    return formset(data=data, initial=initial, prefix="impact", form_kwargs={"draft": draft})


def consent_formset(*, data=None, initial=None, extra=0, draft=False):
    """The people who can be identified in a submission and their consent."""
    formset = _rows_formset(ConsentForm, max_num=MAX_CONSENTS, extra=extra)
    return formset(data=data, initial=initial, prefix="consent", form_kwargs={"draft": draft})


def formset_rows(formset) -> list[dict]:
    """The filled-in rows a valid formset holds, without those marked for removal."""
    rows = []
    for form in formset.forms:
        data = {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
        if form.cleaned_data.get("DELETE") or not any(value not in (None, "") for value in data.values()):
            continue
        rows.append(data)
    return rows


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked on its own by the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [file for file in files if file]


MAX_SUBMISSION_FILES = 12
DOCUMENT_HELP = (
    f"{', '.join(settings.WAGTAILDOCS_EXTENSIONS).upper()}, at most "
    f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)} each."
)


class SubmissionFilesForm(forms.Form):
    """A submission's photos and documents: each good file is kept even when another file or field has an error."""

    photos = MultipleFileField(
        label="Photos (optional)",
        required=False,
        help_text="JPEG, PNG, GIF or WebP. The first photo heads the page. Camera and location data are removed.",
    )
    documents = MultipleFileField(label="Reports or evaluations (optional)", required=False, help_text=DOCUMENT_HELP)
    remove_files = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(existing)
        self.fields["remove_files"].choices = [(f.pk, f.name) for f in self.existing]
        self.accepted_photos, self.accepted_documents = [], []

    def clean_photos(self):
        image_field = WagtailImageField()
        for upload in self.cleaned_data["photos"]:
            try:
                self.accepted_photos.append(without_metadata(image_field.clean(upload)))
            except forms.ValidationError as error:
                self.add_error("photos", [f"{upload.name}: {message}" for message in error.messages])
        return self.accepted_photos

    def clean_documents(self):
        check_extension = FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS)
        for upload in self.cleaned_data["documents"]:
            try:
                check_extension(upload)
                if upload.size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
                    raise forms.ValidationError(
                        f"This file is {filesizeformat(upload.size)}; the limit is "
                        f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}."
                    )
                self.accepted_documents.append(upload)
            except forms.ValidationError as error:
                self.add_error("documents", [f"{upload.name}: {message}" for message in error.messages])
        return self.accepted_documents

    def clean(self):
        cleaned = super().clean()
        kept = len(self.existing) - len(cleaned.get("remove_files") or [])
        if kept + len(self.accepted_photos) + len(self.accepted_documents) > MAX_SUBMISSION_FILES:
            self.accepted_photos, self.accepted_documents = [], []
            raise forms.ValidationError(f"A case study can have at most {MAX_SUBMISSION_FILES} files.")
        return cleaned


class CaseStudyFilterForm(forms.Form):
    """The case study index's query string: slugs per facet (any within a facet) and a lowest evidence level."""

    service_area = SlugsField()
    region = SlugsField()
    principle = SlugsField()
    tag = SlugsField()
    evidence = forms.TypedChoiceField(
        choices=[(str(value), label) for value, label in EvidenceLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def filters(self) -> CaseStudyFilters:
        """The chosen filters; a value that cannot be valid is dropped, never an error (links get edited)."""
        self.is_valid()
        data = self.cleaned_data
        return CaseStudyFilters(
            service_areas=data.get("service_area", []),
            regions=data.get("region", []),
            principles=data.get("principle", []),
            tags=data.get("tag", []),
            min_evidence=data.get("evidence"),
        )


class ConsentConfirmationForm(forms.Form):
    consent_confirmed = forms.BooleanField(
        label="Nobody can be identified in this case study without their recorded consent",
        help_text="Check the quotes, photos and names against the people the submitter listed.",
        error_messages={"required": "Confirm that everyone who can be identified has consented, or request changes."},
    )
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea({"rows": 2}))


class SubmissionEditor:
    """The whole "Share your practice" form: the case study, its impact measures, consents and files."""

    ADD_ROW = {"add_measure": "impact", "add_consent": "consent"}

    def __init__(self, *, submission=None, data=None, files=None, draft=True, add_row=None, owner=None):
        saved = dict(submission.data) if submission is not None else {}
        existing = list(submission.files.select_related("image", "document")) if submission is not None else []
        impacts, consents = saved.pop("impact_measures", []), saved.pop("consents", [])
        if data is None:
            self.form = CaseStudySubmissionForm(initial=saved)
            self.impacts = impact_formset(initial=impacts, extra=int(not impacts) + (add_row == "impact"), draft=draft)
            self.consents = consent_formset(initial=consents, extra=int(not consents) + (add_row == "consent"))
        else:
            self.form = CaseStudySubmissionForm(data, draft=draft, owner=owner)
            self.impacts = impact_formset(data=data, draft=draft)
            self.consents = consent_formset(data=data, draft=draft)
        self.files = SubmissionFilesForm(data, files, existing=existing)
        self.existing_files = existing

    @classmethod
    def for_saved(cls, submission, *, draft=True):
        """The editor bound to a submission's saved values, to check them or build its preview."""
        return cls(submission=submission, data=_as_form_data(submission.data), draft=draft, owner=submission.owner)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.impacts.is_valid(), self.consents.is_valid()]
        if self.files.is_bound:
            results.append(self.files.is_valid())
        return all(results)

    @property
    def error_count(self) -> int:
        errors = len(self.form.errors) + sum(len(e) for e in self.impacts.errors) + len(self.impacts.non_form_errors())
        errors += sum(len(e) for e in self.consents.errors) + len(self.consents.non_form_errors())
        return errors + (len(self.files.errors) if self.files.is_bound else 0)

    def draft_data(self) -> dict:
        return {
            **self.form.draft_data(),
            "impact_measures": [_jsonable(row) for row in formset_rows(self.impacts)],
            "consents": [_jsonable(row) for row in formset_rows(self.consents)],
        }

    def to_submission(self) -> CaseStudySubmission:
        return self.form.to_submission(impacts=formset_rows(self.impacts), consents=formset_rows(self.consents))


def _as_form_data(saved: dict) -> dict:
    """A draft's saved values as the form would post them, formsets included."""
    saved = dict(saved)
    data = {}
    for prefix, rows in (("impact", saved.pop("impact_measures", [])), ("consent", saved.pop("consents", []))):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{name}": "" if value is None else value for name, value in row.items()})
    querydict = QueryDict(mutable=True)
    for name, value in {**saved, **data}.items():
        if isinstance(value, list):
            querydict.setlist(name, [str(item) for item in value])
        elif value is not None:
            querydict[name] = str(value)
    return querydict


class CoAuthorInviteForm(forms.Form):
    who = forms.CharField(
        label="Their name (if they are a member) or their email address",
        max_length=254,
        help_text="Members are found by name; anyone else gets one email. They are credited only if they accept.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "co-author-names"}),
    )
    role = forms.ChoiceField(label="Their part in the work", choices=ContributorRole.choices)
