"""What changes the search index: the outbox, pushing it, rebuilding behind an alias."""

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from django.db import transaction
from django.utils import timezone
from elasticsearch import ApiError, NotFoundError, TransportError, helpers

from portal.search import client as es
from portal.search.documents import index_for
from portal.search.models import IndexOutbox
from portal.search.registry import IndexedType, indexed_type, indexed_types

logger = logging.getLogger(__name__)
PUSH_BATCH = 500
ELASTICSEARCH_ERRORS = (TransportError, ApiError, OSError)


def enqueue(indexed: IndexedType, object_id) -> None:
    """Record that an object changed, in the caller's transaction, and push once it commits."""
    IndexOutbox.objects.update_or_create(
        type_name=indexed.name, object_id=str(object_id), defaults={"attempts": 0, "last_error": ""}
    )
    if es.is_configured():
        transaction.on_commit(push_pending_quietly)


def push_pending_quietly() -> None:
    """Push after a commit; a failure leaves the rows for the next push and never reaches the user."""
    if es.breaker.is_open:
        return
    try:
        push_pending()
    except ELASTICSEARCH_ERRORS as exc:
        es.breaker.record_failure()
        logger.warning("Search index push failed; outbox rows kept for retry: %s", exc)


def ensure_alias(indexed: IndexedType) -> str:
    """Create an empty versioned index behind the type's alias if there is none; return the alias."""
    alias = es.index_name(indexed.name)
    client = es.get_bulk_client()
    if not client.indices.exists_alias(name=alias):
        name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        index_for(indexed.document, name).create(using=client)
        client.indices.put_alias(index=name, name=alias)
    return alias


def building_alias(indexed: IndexedType) -> str:
    """Points at the index a rebuild is filling, so changes made meanwhile reach it too."""
    return es.index_name(f"{indexed.name}-building")


def _actions_for(indexed: IndexedType, object_ids: list[str], targets: list[str]):
    """Index what still belongs in the index; delete the rest; in every target index."""
    present = {str(obj.pk): obj for obj in indexed.queryset().filter(pk__in=object_ids)}
    for object_id in object_ids:
        source = indexed.serialize(present[object_id]) if object_id in present else None
        for index in targets:
            if source is not None:
                yield {"_op_type": "index", "_index": index, "_id": object_id, "_source": source}
            else:
                yield {"_op_type": "delete", "_index": index, "_id": object_id}


def push_pending(limit: int = PUSH_BATCH) -> dict:
    """Send pending outbox rows to Elasticsearch with the bulk API; rows that fail stay."""
    pushed = failed = 0
    client = es.get_bulk_client()
    for indexed in indexed_types():
        rows = list(IndexOutbox.objects.filter(type_name=indexed.name)[:limit])
        if not rows:
            continue
        alias = ensure_alias(indexed)
        targets = [alias]
        if client.indices.exists_alias(name=building_alias(indexed)):
            targets.append(building_alias(indexed))
        seen = {row.object_id: row.changed_at for row in rows}
        results = helpers.streaming_bulk(
            client, _actions_for(indexed, list(seen), targets), raise_on_error=False, raise_on_exception=False
        )
        errors = {}
        for ok, item in results:
            outcome = next(iter(item.values()))
            if not ok and outcome.get("status") != 404:  # deleting what is already gone is fine
                errors[str(outcome.get("_id"))] = str(outcome.get("error") or outcome.get("status"))[:500]
        done = [object_id for object_id in seen if object_id not in errors]
        # Rows changed again while we pushed keep their place in the queue.
        for object_id in done:
            IndexOutbox.objects.filter(type_name=indexed.name, object_id=object_id, changed_at=seen[object_id]).delete()
        for object_id, error in errors.items():
            row = IndexOutbox.objects.filter(type_name=indexed.name, object_id=object_id).first()
            if row:
                row.attempts += 1
                row.last_error = error
                row.save(update_fields=["attempts", "last_error"])
        client.indices.refresh(index=alias)
        pushed += len(done)
        failed += len(errors)
    es.breaker.record_success()
    return {"pushed": pushed, "failed": failed, "pending": IndexOutbox.objects.count()}


def sync() -> dict:
    """Push the whole outbox, batch after batch, until it is empty or a batch makes no progress."""
    totals = {"pushed": 0, "failed": 0, "pending": IndexOutbox.objects.count()}
    while totals["pending"]:
        result = push_pending()
        totals["pushed"] += result["pushed"]
        totals["failed"] += result["failed"]
        if result["pushed"] == 0:
            break
        totals["pending"] = result["pending"]
    totals["pending"] = IndexOutbox.objects.count()
    return totals


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def rebuild(indexed: IndexedType, progress: Callable[[int], None] | None = None, chunk_size: int = 500) -> dict:
    """Load every object into a new versioned index, then swap the alias to it in one step."""
    client = es.get_bulk_client()
    alias = es.index_name(indexed.name)
    started = timezone.now()
    name = f"{alias}-{started:%Y%m%d%H%M%S%f}"
    index_for(indexed.document, name).create(using=client)
    client.indices.put_alias(index=name, name=building_alias(indexed))
    # No refreshes while loading: much faster, and nobody searches this index yet.
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    loaded = 0
    pending = []
    # Chunks are read and serialized here, on this thread's database connection, while up to two
    # earlier chunks are being sent.
    with ThreadPoolExecutor(max_workers=2) as senders:
        for chunk in _chunks(indexed.queryset().order_by("pk").iterator(chunk_size=chunk_size), chunk_size):
            actions = [
                {"_op_type": "index", "_index": name, "_id": str(obj.pk), "_source": indexed.serialize(obj)}
                for obj in chunk
            ]
            pending.append(senders.submit(helpers.bulk, client, actions, chunk_size=chunk_size, raise_on_error=True))
            while len(pending) > 2:
                loaded += pending.pop(0).result()[0]
            if progress:
                progress(len(actions))
        for future in pending:
            loaded += future.result()[0]
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=name)
    old = list(client.indices.get_alias(name=alias)) if client.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": index, "alias": alias}} for index in old] + [
        {"add": {"index": name, "alias": alias}},
        {"remove": {"index": name, "alias": building_alias(indexed)}},
    ]
    client.indices.update_aliases(actions=actions)
    for index in old:
        with contextlib.suppress(NotFoundError):
            client.indices.delete(index=index)
    return {"index": name, "loaded": loaded, "replaced": old}


def rebuild_all(progress_factory=None) -> list[dict]:
    """Rebuild every indexed type, then push what changed meanwhile."""
    results = []
    for indexed in indexed_types():
        total = indexed.queryset().count()
        progress = progress_factory(indexed, total) if progress_factory else None
        results.append({"type": indexed.name, **rebuild(indexed, progress=progress)})
    sync()
    return results


def status() -> list[dict]:
    """Objects per type in the database and in its index, with the outbox backlog."""
    rows = []
    for indexed in indexed_types():
        row = {
            "type": indexed.name,
            "database": indexed.queryset().count(),
            "pending": IndexOutbox.objects.filter(type_name=indexed.name).count(),
        }
        try:
            alias = es.index_name(indexed.name)
            client = es.get_bulk_client()
            if client.indices.exists_alias(name=alias):
                row["index"] = client.count(index=alias)["count"]
                row["indices"] = sorted(client.indices.get_alias(name=alias))
            else:
                row["index"] = None
        except (*ELASTICSEARCH_ERRORS, RuntimeError) as exc:
            row["error"] = str(exc)[:200]
        rows.append(row)
    return rows


def enqueue_all(name: str | None = None) -> int:
    """Put every object of one type (or all types) in the outbox, e.g. after editing synonyms."""
    count = 0
    for indexed in [indexed_type(name)] if name else indexed_types():
        for pk in indexed.queryset().values_list("pk", flat=True):
            enqueue(indexed, pk)
            count += 1
    return count
