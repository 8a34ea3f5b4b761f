"""Insight's writes: the worker's flush of counted views into daily totals."""

import json
import logging
from collections import Counter
from datetime import date

from django.db import transaction

from portal.insight.counting import views
from portal.insight.models import DailyViews

logger = logging.getLogger(__name__)


def flush_view_counts() -> int:
    """Store the views counted since the last flush as daily totals; returns how many views were stored."""
    return views.flush(_store)


@transaction.atomic
def _store(items: list[tuple[str, int]]) -> None:
    totals = Counter()
    for field, count in items:
        try:
            day, kind, object_id = json.loads(field)
            totals[(date.fromisoformat(day), kind[:40], int(object_id))] += count
        except (ValueError, TypeError):
            logger.warning("Skipped a view counter we could not read: %r", field[:200])
    if not totals:
        return
    rows = {
        (row.day, row.kind, row.object_id): row
        for row in DailyViews.objects.filter(
            day__in={key[0] for key in totals},
            kind__in={key[1] for key in totals},
            object_id__in={key[2] for key in totals},
        ).select_for_update()
    }
    new, changed = [], []
    for (day, kind, object_id), count in totals.items():
        row = rows.get((day, kind, object_id))
        if row is None:
            new.append(DailyViews(day=day, kind=kind, object_id=object_id, views=count))
        else:
            row.views += count
            changed.append(row)
    DailyViews.objects.bulk_create(new, batch_size=500)
    DailyViews.objects.bulk_update(changed, ["views"], batch_size=500)
