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

    @property
    def is_shared(self) -> bool:
        return bool(self.share_token)

    def get_absolute_url(self):
        return reverse("evidence:pack_detail", args=[self.pk])

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
