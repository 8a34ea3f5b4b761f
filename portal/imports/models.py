"""An editor's import of case studies from a file, and the rows it has imported so far (its resume point)."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    REFUSED = "refused", "Nothing imported"
    FAILED = "failed", "Stopped by an error"


class CaseStudyImport(models.Model):
    """One uploaded file and how its import went; the report lists every row that was not imported."""

    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("json", "JSON")])
    publish = models.BooleanField(default=False, help_text="Publish the pages; otherwise they are drafts.")
    all_or_nothing = models.BooleanField(
        default=True, help_text="Import nothing when any row has a problem; otherwise import the good rows."
    )
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    refused_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)  # [{"row": 3, "title": "...", "errors": ["..."]}]
    error = models.TextField(blank=True)  # a problem with the file as a whole
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "case study import"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        """How far the import has come, 0 to 100."""
        if self.status in (ImportStatus.DONE, ImportStatus.REFUSED):
            return 100
        to_import = self.total_rows - self.refused_rows
        return int(100 * self.imported_rows / to_import) if to_import > 0 else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)


class ImportedRow(models.Model):
    """A row an import has turned into a page; a resumed import skips the keys it finds here."""

    job = models.ForeignKey(CaseStudyImport, on_delete=models.CASCADE, related_name="imported")
    key = models.CharField(max_length=255)
    row_number = models.PositiveIntegerField()
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="one_page_per_import_key")]

    def __str__(self):
        return f"{self.job_id}:{self.key}"
