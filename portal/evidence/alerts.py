"""The saved-search alert job: which saved searches find case studies published or changed since the last run.

The job reads the changes queued since its last run (`CaseStudyChange`), keeps those still
published, and asks each saved search, in batches, which of those ids it finds (one multi-search
request per batch with Elasticsearch). Its cost grows with the number of saved searches and of
changes, never with members times case studies. Each match becomes a feed entry and one
notification per saved search and run (daily or weekly email as the member chose).
"""

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.evidence import search_adapter
from portal.evidence.models import AlertRun, CaseStudyChange, SavedSearch, SavedSearchHit
from portal.notifications.kinds import Kind, register
from portal.notifications.services import notify
from portal.practices.selectors import live_case_studies

logger = logging.getLogger(__name__)

ALERT_KIND = "evidence.saved_search_alert"
BATCH_SIZE = 500
TITLES_IN_ALERT = 5


def register_kinds() -> None:
    register(
        Kind(
            name=ALERT_KIND,
            label="New evidence for a saved search",
            description="When case studies matching a search you saved are published or change.",
            default_delivery="daily",
            email_template="evidence/email/saved_search_alert",
            title="{{ count }} new or changed case stud{{ count|pluralize:'y,ies' }} for “{{ search_name }}”",
            text="{{ titles|join:'; ' }}",
        )
    )


def _changes_since(last_id: int, upto: int) -> dict[int, CaseStudyChange]:
    """The latest queued change of each case study in (last_id, upto], published ones only."""
    latest = {}
    for change in CaseStudyChange.objects.filter(pk__gt=last_id, pk__lte=upto).order_by("pk").iterator(chunk_size=2000):
        earlier = latest.get(change.case_study_id)
        if earlier is not None and earlier.is_first_publication:
            change.is_first_publication = True  # first published in this window: it is new, whatever followed
        latest[change.case_study_id] = change
    live = set(live_case_studies().filter(pk__in=list(latest)).values_list("pk", flat=True))
    return {pk: change for pk, change in latest.items() if pk in live}


def send_saved_search_alerts(batch_size: int = BATCH_SIZE) -> dict:
    """Tell saved searches of what was published or changed since the last run; returns counts of the run."""
    run, _ = AlertRun.objects.get_or_create(pk=1)
    upto = CaseStudyChange.objects.aggregate(top=Max("pk"))["top"] or 0
    stats = {"changes": 0, "saved_searches": 0, "batches": 0, "alerts": 0, "hits": 0}
    if upto <= run.last_change_id:
        return stats
    changes = _changes_since(run.last_change_id, upto)
    stats["changes"] = len(changes)
    titles = dict(live_case_studies().filter(pk__in=list(changes)).values_list("pk", "title")) if changes else {}
    last_pk = 0
    while changes:
        batch = list(
            SavedSearch.objects.filter(pk__gt=last_pk, owner__is_active=True)
            .select_related("owner")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        stats["batches"] += 1
        stats["saved_searches"] += len(batch)
        _alert_batch(batch, changes, titles, upto, stats)
    run.last_change_id = upto
    run.finished_at = timezone.now()
    run.save(update_fields=["last_change_id", "finished_at"])
    return stats


def _alert_batch(batch, changes, titles, upto, stats) -> None:
    # Members often save the same search: each distinct one is asked once.
    distinct = defaultdict(list)
    for saved_search in batch:
        filters = {name: list(values) for name, values in sorted((saved_search.filters or {}).items())}
        distinct[(saved_search.query, repr(filters))].append((saved_search, filters))
    keys = list(distinct)
    found = search_adapter.matching_case_study_ids([(q, distinct[(q, f)][0][1]) for q, f in keys], list(changes))
    with transaction.atomic():
        hits = []
        for key, matches in zip(keys, found, strict=True):
            if not matches:
                continue
            for saved_search, _ in distinct[key]:
                ordered = sorted(matches, key=lambda pk: titles.get(pk, ""))
                hits += [
                    SavedSearchHit(
                        saved_search=saved_search,
                        case_study_id=pk,
                        revision_id=changes[pk].revision_id,
                        is_new=changes[pk].is_first_publication,
                        changed_fields=changes[pk].changed_fields,
                    )
                    for pk in ordered
                ]
                notify(
                    kind=ALERT_KIND,
                    recipients=[saved_search.owner],
                    target_url=saved_search.get_absolute_url(),
                    context={
                        "search_name": saved_search.name,
                        "count": len(ordered),
                        "titles": [titles.get(pk, "") for pk in ordered[:TITLES_IN_ALERT]],
                        "more": max(0, len(ordered) - TITLES_IN_ALERT),
                    },
                    dedupe_key=f"{ALERT_KIND}:{saved_search.pk}:{upto}",
                )
                stats["alerts"] += 1
        SavedSearchHit.objects.bulk_create(hits, batch_size=1000, ignore_conflicts=True)
        stats["hits"] += len(hits)
