"""The index outbox: which objects changed since Elasticsearch last heard about them."""

from django.db import models

from portal.search.database.models import SearchEntry, SearchWord  # noqa: F401 - the database engines' tables


class IndexOutbox(models.Model):
    """One row per changed object; pushing re-reads the object, so the row only says 'look again'.

    A pushed row is kept for a day with `pushed_at` set: a rebuild that ran meanwhile replays those
    rows into its new index, so a document it read before the change cannot overwrite the change.
    """

    type_name = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    changed_at = models.DateTimeField(auto_now=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    stored_at = models.DateTimeField(null=True, blank=True)  # when the database's search table took it
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type_name", "object_id"], name="one_outbox_row_per_object")]
        indexes = [models.Index(fields=["pushed_at", "type_name"], name="search_outbox_pushed")]
        ordering = ["changed_at", "pk"]
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox"

    def __str__(self):
        return f"{self.type_name}:{self.object_id}"

    @property
    def is_pending(self) -> bool:
        return self.pushed_at is None
