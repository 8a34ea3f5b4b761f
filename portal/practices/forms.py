"""Forms of practices: the case study index's filters and the "Share your practice" form."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from wagtail.images.fields import WagtailImageField

from portal.accounts.uploads import without_metadata
from portal.practices.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    SUMMARY_MAX_LENGTH,
    CaseStudyStatus,
    CostComparison,
    EvidenceLevel,
    PrinciplePage,
    PrincipleStrength,
    Region,
    ServiceArea,
)
from portal.practices.selectors import CaseStudyFilters, live_principles
from portal.practices.services import CaseStudySubmission, ImpactInput, PrincipleChoice
from portal.taxonomy.forms import SlugsField

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
    outcome = forms.CharField(
        label="Outcome", required=False, max_length=200, help_text="e.g. 'Fewer missed collections'"
    )
    metric = forms.CharField(label="How it was measured", required=False, max_length=200)
    baseline = forms.DecimalField(label="Before", required=False, max_digits=14, decimal_places=2)
    result = forms.DecimalField(label="After", required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label="Unit", required=False, max_length=40, help_text="e.g. '%', 'people', '£ per year'")
    period = forms.CharField(label="Period", required=False, max_length=40, help_text="e.g. '2019-2021'")
    source = forms.URLField(label="Link to the evaluation or data", required=False, assume_scheme="https")
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
    hero_image = WagtailImageField(
        label="A photograph (optional)",
        required=False,
        help_text="JPEG, PNG, GIF or WebP. Please choose it again if the form shows an error.",
    )
    document = forms.FileField(
        label="A report or evaluation (optional)",
        required=False,
        validators=[FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS)],
        help_text=f"{', '.join(settings.WAGTAILDOCS_EXTENSIONS).upper()}, at most "
        f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].queryset = live_principles()
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
            self.fields[f"strength_{principle.pk}"] = strength
            self.fields[f"how_{principle.pk}"] = how
            self.principle_rows.append(principle)

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

    def clean_hero_image(self):
        # Photographs of people who use services: no camera, date or location is kept.
        hero_image = self.cleaned_data.get("hero_image")
        return without_metadata(hero_image) if hero_image else hero_image

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                f"This file is {filesizeformat(document.size)}; the limit is "
                f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}."
            )
        return document

    def clean_tags(self):
        tags = [tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        if any(len(tag) > 50 for tag in tags):
            raise forms.ValidationError("Keep each tag under 50 characters.")
        return list(dict.fromkeys(tags))

    def clean(self):
        cleaned = super().clean()
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
        if any(cleaned.get(name) not in (None, "") for name in ("metric", "baseline", "result")) and not cleaned.get(
            "outcome"
        ):
            self.add_error("outcome", "Name the outcome this measure is about.")
        if cleaned.get("outcome") and not cleaned.get("metric"):
            self.add_error("metric", "Say how the outcome was measured.")
        if cleaned.get("quote_text", "").strip() and not cleaned.get("quote_attribution", "").strip():
            self.add_error("quote_attribution", "Say who said it (a role is enough).")
        return cleaned

    def to_submission(self) -> CaseStudySubmission:
        data = self.cleaned_data
        impact = None
        if data.get("outcome"):
            impact = ImpactInput(
                outcome=data["outcome"],
                metric=data["metric"],
                baseline=data.get("baseline"),
                result=data.get("result"),
                unit=data.get("unit", ""),
                period=data.get("period", ""),
                source=data.get("source", ""),
            )
        return CaseStudySubmission(
            title=data["title"],
            summary=data["summary"],
            service_area=data["service_area"],
            region=data["region"],
            principles=[
                PrincipleChoice(principle=p, strength=int(data[f"strength_{p.pk}"]), how=data[f"how_{p.pk}"].strip())
                for p in data["principles"]
            ],
            sections={name: data.get(name, "") for name in SECTION_FIELDS},
            evidence_level=data["evidence_level"],
            cost_comparison=data["cost_comparison"],
            cost_note=data.get("cost_note", ""),
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            status=data["status"],
            people_reached=data.get("people_reached"),
            tags=data["tags"],
            quote_text=data.get("quote_text", ""),
            quote_attribution=data.get("quote_attribution", ""),
            impact=impact,
            hero_image_file=data.get("hero_image"),
            document_file=data.get("document"),
        )


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
