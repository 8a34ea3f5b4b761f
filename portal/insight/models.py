"""Daily totals of views: how often each case study, principle, topic or profile was read on a day."""

from django.db import models


class DailyViews(models.Model):
    """One thing's views on one day; nothing about who read it (no user, no IP address, no cookie)."""

    kind = models.CharField(max_length=40, help_text="What was read, as registered: case-study, topic, ...")
    object_id = models.PositiveBigIntegerField()
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "daily views"
        verbose_name_plural = "daily views"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "day"], name="insight_one_row_per_thing_and_day")
        ]
        indexes = [models.Index(fields=["kind", "day"], name="insight_views_by_kind_day")]

    def __str__(self):
        return f"{self.kind} {self.object_id} on {self.day}: {self.views}"
