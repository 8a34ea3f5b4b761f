"""The index outbox: which objects changed since Elasticsearch last heard about them."""

from django.db import models


class IndexOutbox(models.Model):
    """One row per changed object; pushing re-reads the object, so the row only says 'look again'."""

    type_name = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    changed_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type_name", "object_id"], name="one_outbox_row_per_object")]
        ordering = ["changed_at", "pk"]
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox"

    def __str__(self):
        return f"{self.type_name}:{self.object_id}"
