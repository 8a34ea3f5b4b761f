"""Evidence packs (members' named collections of case studies) and their items."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

NAME_MAX_LENGTH = 120
NOTE_MAX_LENGTH = 2000


def new_token() -> str:
    """An unguessable token for a link (192 random bits)."""
    return secrets.token_urlsafe(24)


class EvidencePack(models.Model):
    """A member's named collection of case studies: private, or shared by a revocable secret link."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence_packs")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evidence:pack_detail", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return bool(self.share_token)

    def get_shared_url(self):
        return reverse("evidence:shared_pack", args=[self.share_token]) if self.share_token else ""


class PackItem(models.Model):
    """One case study in a pack, with the member's note on it."""

    pack = models.ForeignKey(EvidencePack, on_delete=models.CASCADE, related_name="items")
    case_study = models.ForeignKey("practices.CaseStudyPage", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["pack", "case_study"], name="evidence_one_item_per_case_study")]

    def __str__(self):
        return f"{self.case_study_id} in {self.pack_id}"


class SearchRecord(models.Model):
    """How often one search (query and filters) was made on one day, and what it found; nothing about who."""

    day = models.DateField()
    query = models.CharField(max_length=255, blank=True, help_text="As Wagtail normalises it: lower case, one space.")
    filters = models.CharField(max_length=1000, blank=True, help_text="The filters chosen, as JSON.")
    searches = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0, help_text="Results of every kind, when last searched that day.")
    case_studies = models.PositiveIntegerField(default=0, help_text="Case studies found, when last searched that day.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "query", "filters"], name="evidence_one_search_record_per_day")
        ]
        indexes = [models.Index(fields=["day", "case_studies"], name="evidence_search_demand")]

    def __str__(self):
        return f"{self.day} {self.query!r}: {self.searches}"


class SavedSearch(models.Model):
    """A member's named search (query and filters) that tells them of new or changed matching case studies."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True, help_text="Facet name to chosen values, as search takes them.")
    feed_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evidence:saved_search_list") + f"#saved-search-{self.pk}"

    def get_feed_url(self):
        return reverse("evidence:saved_search_feed", args=[self.feed_token]) if self.feed_token else ""


class CaseStudyChange(models.Model):
    """A case study first published, or republished with a change saved searches alert on; the job's queue."""

    case_study_id = models.PositiveIntegerField(db_index=True)  # no key: a deleted page leaves a harmless row
    revision_id = models.PositiveIntegerField(null=True)
    is_first_publication = models.BooleanField(default=False)
    changed_fields = models.JSONField(default=list, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.case_study_id}@{self.revision_id}"


class SavedSearchHit(models.Model):
    """One new or changed case study a saved search found: an entry of its private feed."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    case_study = models.ForeignKey("practices.CaseStudyPage", on_delete=models.CASCADE, related_name="+")
    revision_id = models.PositiveIntegerField(null=True)
    is_new = models.BooleanField(default=True, help_text="First published, rather than changed.")
    changed_fields = models.JSONField(default=list, blank=True)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["saved_search", "-found_at"], name="evidence_feed_entries")]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "case_study", "revision_id"], name="evidence_one_hit_per_version"
            )
        ]

    def __str__(self):
        return f"{self.case_study_id} for saved search {self.saved_search_id}"


class AlertRun(models.Model):
    """Where the saved-search alert job got to: the last change it handled (one row)."""

    last_change_id = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"alerts up to change {self.last_change_id}"
