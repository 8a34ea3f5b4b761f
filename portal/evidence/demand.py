"""What people search for, counted without a database write per search.

`record_search()` is the one call the search views make: it adds one to a counter in Redis (a
hash field per day, query, filters and result counts; insight's `BufferedCounter`), or in this
process's memory when no Redis is configured. `flush_search_counts()`, run by the worker every few
minutes, moves the counters into the database in batches: `SearchRecord` rows for the editors' reports and Wagtail's own
search terms (`Query` / `QueryDailyHits`), so "Search terms", "popular search terms" and the hit
counts of editors' picks work. No user, no IP address, nothing about the person is kept.
"""

import json
import logging
from collections import Counter
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.utils import normalise_query_string

from portal.evidence import search_adapter
from portal.insight import counters
from portal.insight.counters import BufferedCounter

logger = logging.getLogger(__name__)

# The buffered counter insight's view counts use too: one HINCRBY per search, flushed in batches.
searches = BufferedCounter("evidence:search-counts")
COUNTS_KEY = searches.key
FLUSHING_PREFIX = searches.flushing_prefix
FLUSH_BATCH = counters.FLUSH_BATCH
_redis = counters._redis  # the shared client (tests reset it)
_client = counters.redis_client


def counter_field(*, day: date, q: str, filters: dict, total: int, case_studies: int) -> str:
    """The counter's field for one kind of search on one day (a JSON array)."""
    filters = {name: sorted(values) for name, values in sorted(filters.items())}
    return json.dumps([day.isoformat(), normalise_query_string(q), filters, total, case_studies], sort_keys=True)


def record_search(request, results) -> None:
    """Count one search (the first page only; never who searched). A failing Redis loses the count, not the search."""
    if request.page != 1 or not (request.q or request.filters):
        return
    field = counter_field(
        day=timezone.localdate(),
        q=request.q,
        filters=request.filters,
        total=results.total,
        case_studies=search_adapter.case_study_count(results),
    )
    searches.add(field)


def flush_search_counts() -> int:
    """Store the counted searches in the database in batches; returns how many searches were stored."""
    return searches.flush(_store)


@transaction.atomic
def _store(items: list[tuple[str, int]]) -> None:
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from portal.evidence.models import SearchRecord

    records = {}
    hits = Counter()
    for field, count in items:
        try:
            day, q, filters, total, case_studies = json.loads(field)
            day = date.fromisoformat(day)
        except (ValueError, TypeError):
            logger.warning("Skipped a search counter we could not read: %r", field[:200])
            continue
        key = (day, q[:255], json.dumps(filters, sort_keys=True)[:1000])
        record = records.setdefault(key, {"searches": 0, "total": total, "case_studies": case_studies})
        record["searches"] += count
        record["total"], record["case_studies"] = total, case_studies
        if q:
            hits[(q[:255], day)] += count
    existing = {
        (row.day, row.query, row.filters): row
        for row in SearchRecord.objects.filter(
            day__in={key[0] for key in records}, query__in={key[1] for key in records}
        ).select_for_update()
    }
    new, changed = [], []
    for (day, q, filters), values in records.items():
        row = existing.get((day, q, filters))
        if row is None:
            new.append(
                SearchRecord(
                    day=day,
                    query=q,
                    filters=filters,
                    searches=values["searches"],
                    results=values["total"],
                    case_studies=values["case_studies"],
                )
            )
        else:
            row.searches += values["searches"]
            row.results, row.case_studies = values["total"], values["case_studies"]
            changed.append(row)
    SearchRecord.objects.bulk_create(new, batch_size=500)
    SearchRecord.objects.bulk_update(changed, ["searches", "results", "case_studies"], batch_size=500)
    for (q, day), count in hits.items():
        query = Query.get(q)
        daily, created = QueryDailyHits.objects.get_or_create(query=query, date=day, defaults={"hits": count})
        if not created:
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)


def on_search(sender, *, search, results, **kwargs) -> None:
    """Receiver of search's `searched` signal (connected in apps.py)."""
    record_search(search, results)
