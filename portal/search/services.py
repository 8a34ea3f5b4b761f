"""What changes the search index: the outbox, pushing it, rebuilding behind an alias."""

import contextlib
import gc
import logging
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from elasticsearch import ApiError, NotFoundError, TransportError, helpers

from portal.search import client as es
from portal.search import database, locks
from portal.search.documents import index_for
from portal.search.models import IndexOutbox
from portal.search.registry import IndexedType, indexed_type, indexed_types

logger = logging.getLogger(__name__)
PUSH_BATCH = 500
ELASTICSEARCH_ERRORS = (TransportError, ApiError, OSError)
# Pushed rows are kept this long so a rebuild can replay what changed while it loaded.
KEEP_PUSHED = timedelta(days=1)
# Clocks of several web servers may differ a little; a rebuild replays from a bit before it began.
CLOCK_SLACK = timedelta(minutes=1)
PUSH_LOCK = "push"
PUSH_BUDGET_SECONDS = 5.0


class RebuildInProgress(RuntimeError):
    """Another process is rebuilding this type's index."""


def enqueue(*, indexed: IndexedType, object_id) -> None:
    """Record that an object changed, in the caller's transaction, and push once it commits."""
    IndexOutbox.objects.update_or_create(
        type_name=indexed.name,
        object_id=str(object_id),
        defaults={"attempts": 0, "last_error": "", "pushed_at": None, "stored_at": None},
    )
    _push_after_commit()


def _push_after_commit() -> None:
    # The database's search table takes every change, whether Elasticsearch is configured or not.
    transaction.on_commit(database.store_pending_quietly, robust=True)
    if es.is_configured():
        # robust: whatever goes wrong in the push is logged; the commit it follows stands.
        transaction.on_commit(push_pending_quietly, robust=True)


def enqueue_many(*, indexed: IndexedType, object_ids: Iterable, push: bool = True) -> int:
    """enqueue() for many objects at once, e.g. every case study in a renamed service area.

    `push=False` leaves the rows to a later sync (a bulk import catches up once, at its end).
    """
    rows = [IndexOutbox(type_name=indexed.name, object_id=str(object_id)) for object_id in object_ids]
    for batch in _chunks(rows, 1000):
        IndexOutbox.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["type_name", "object_id"],
            update_fields=["changed_at", "pushed_at", "stored_at", "attempts", "last_error"],
        )
    if rows and push:
        _push_after_commit()
    return len(rows)


def pending_rows():
    return IndexOutbox.objects.filter(pushed_at__isnull=True)


def push_pending_quietly() -> None:
    """Push after a commit; a failure leaves the rows for the next push and never reaches the user.

    If another process is pushing, it drains the outbox, this commit's rows included: whoever holds
    the lock looks for rows that arrived meanwhile before it lets go. A large backlog (a renamed
    service area touches all its case studies) is pushed for at most PUSH_BUDGET_SECONDS here; the
    rest waits for the next push or `search_index sync`.
    """
    # A transaction that changed several objects asks several times; the first push takes them all.
    if es.breaker.is_open or not pending_rows().exists():
        return
    deadline = time.monotonic() + PUSH_BUDGET_SECONDS
    try:
        while time.monotonic() < deadline:
            with locks.held(PUSH_LOCK, wait=False) as acquired:
                if not acquired:
                    return
                result = _push_locked(es.get_push_client())
            if result["failed"] or not result["pushed"] or not pending_rows().filter(attempts=0).exists():
                return
    except ELASTICSEARCH_ERRORS as exc:
        es.breaker.record_failure()
        logger.warning("Search index push failed; outbox rows kept for retry: %s", exc)
    except Exception:
        logger.exception("Search index push failed unexpectedly; outbox rows kept for retry")


def ensure_alias(indexed: IndexedType, client=None) -> str:
    """Create an empty versioned index behind the type's alias if there is none; return the alias."""
    alias = es.index_name(indexed.name)
    client = client or es.get_bulk_client()
    if not client.indices.exists_alias(name=alias):
        name = versioned_name(indexed)
        index_for(indexed.document, name).create(using=client)
        client.indices.put_alias(index=name, name=alias)
    return alias


def versioned_name(indexed: IndexedType) -> str:
    return f"{es.index_name(indexed.name)}-{timezone.now():%Y%m%d%H%M%S%f}"


def building_alias(indexed: IndexedType) -> str:
    """Points at the index a rebuild is filling, so changes made meanwhile reach it too."""
    return es.index_name(f"{indexed.name}-building")


def _actions_for(indexed: IndexedType, object_ids: list[str], targets: list[str]):
    """Index what still belongs in the index; delete the rest; in every target index."""
    present = dict(indexed.documents(indexed.queryset().filter(pk__in=object_ids)))
    for object_id in object_ids:
        source = present.get(object_id)
        for index in targets:
            if source is not None:
                yield {"_op_type": "index", "_index": index, "_id": object_id, "_source": source}
            else:
                yield {"_op_type": "delete", "_index": index, "_id": object_id}


def _send(client, indexed: IndexedType, object_ids: list[str], targets: list[str], require_alias: bool) -> dict:
    """Bulk-send the current state of these objects; returns {object_id: error} for those that failed."""
    errors = {}
    # require_alias: a write to an alias that has just gone must fail, not create an index by that name.
    extra = {"require_alias": True} if require_alias else {}
    results = helpers.streaming_bulk(
        client,
        _actions_for(indexed, object_ids, targets),
        raise_on_error=False,
        raise_on_exception=False,
        **extra,
    )
    for ok, item in results:
        outcome = next(iter(item.values()))
        if not ok and outcome.get("status") != 404:  # deleting what is already gone is fine
            errors[str(outcome.get("_id"))] = str(outcome.get("error") or outcome.get("status"))[:500]
    return errors


def push_pending(*, limit: int = PUSH_BATCH, client=None) -> dict:
    """Send pending outbox rows to Elasticsearch with the bulk API; rows that fail stay."""
    with locks.held(PUSH_LOCK):
        return _push_locked(client or es.get_bulk_client(), limit)


def _push_locked(client, limit: int = PUSH_BATCH) -> dict:
    pushed = failed = 0
    for indexed in indexed_types():
        # Rows that keep failing go last, so they can never hold back fresh changes.
        rows = list(pending_rows().filter(type_name=indexed.name).order_by("attempts", "changed_at", "pk")[:limit])
        if not rows:
            continue
        alias = ensure_alias(indexed, client)
        targets = [alias]
        if client.indices.exists_alias(name=building_alias(indexed)):
            targets.append(building_alias(indexed))
        seen = {row.object_id: row.changed_at for row in rows}
        errors = _send(client, indexed, list(seen), targets, require_alias=True)
        done = [object_id for object_id in seen if object_id not in errors]
        now = timezone.now()
        # A row changed again while we pushed keeps its place in the queue (its changed_at moved on).
        for chunk in _chunks(done, 100):
            unchanged = Q()
            for object_id in chunk:
                unchanged |= Q(object_id=object_id, changed_at=seen[object_id])
            IndexOutbox.objects.filter(unchanged, type_name=indexed.name, pushed_at__isnull=True).update(
                pushed_at=now, attempts=0, last_error=""
            )
        for object_id, error in errors.items():
            row = IndexOutbox.objects.filter(type_name=indexed.name, object_id=object_id).first()
            if row:
                row.attempts += 1
                row.last_error = error
                row.save(update_fields=["attempts", "last_error"])
        client.indices.refresh(index=alias)
        pushed += len(done)
        failed += len(errors)
    IndexOutbox.objects.filter(pushed_at__lt=timezone.now() - KEEP_PUSHED, stored_at__isnull=False).delete()
    es.breaker.record_success()
    return {"pushed": pushed, "failed": failed, "pending": pending_rows().count()}


def sync() -> dict:
    """Push the whole outbox, batch after batch, until it is empty or a batch makes no progress."""
    totals = {"pushed": 0, "failed": 0, "pending": pending_rows().count()}
    while totals["pending"]:
        result = push_pending()
        totals["pushed"] += result["pushed"]
        totals["failed"] += result["failed"]
        if result["pushed"] == 0:
            break
        totals["pending"] = result["pending"]
    totals["pending"] = pending_rows().count()
    return totals


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _versioned_indices(client, alias: str) -> list[str]:
    """Every `<alias>-<timestamp>` index, oldest first (aliases named like it are not indices)."""
    pattern = re.compile(re.escape(alias) + r"-\d{20}")
    found = client.indices.get_settings(index=f"{alias}-2*", expand_wildcards="open,closed", allow_no_indices=True)
    return sorted(name for name in found if pattern.fullmatch(name))


def _abandon_building(client, indexed: IndexedType) -> None:
    """Drop what an interrupted rebuild left: its building alias and the half-filled index behind it."""
    alias = building_alias(indexed)
    if not client.indices.exists_alias(name=alias):
        return
    live = set(client.indices.get_alias(name=es.index_name(indexed.name))) if _has_alias(client, indexed) else set()
    for index in client.indices.get_alias(name=alias):
        client.indices.delete_alias(index=index, name=alias)
        if index not in live:
            client.indices.delete(index=index)


def _has_alias(client, indexed: IndexedType) -> bool:
    return bool(client.indices.exists_alias(name=es.index_name(indexed.name)))


def _load(client, indexed: IndexedType, name: str, chunk_size: int, progress) -> int:
    # The cyclic garbage collector, triggered by the many short-lived objects of a load, spends a
    # fifth of the time walking them; reference counting frees chunks anyway, and we collect after.
    gc.disable()
    try:
        return _load_chunks(client, indexed, name, chunk_size, progress)
    finally:
        gc.enable()
        gc.collect()


def _load_chunks(client, indexed: IndexedType, name: str, chunk_size: int, progress) -> int:
    loaded = 0
    pending = []
    # Chunks are read and serialized here, on this thread's database connection, while up to two
    # earlier chunks are being sent.
    with ThreadPoolExecutor(max_workers=2) as senders:
        for chunk in _chunks(indexed.queryset().order_by("pk").iterator(chunk_size=chunk_size), chunk_size):
            actions = [
                {"_op_type": "index", "_index": name, "_id": object_id, "_source": source}
                for object_id, source in indexed.documents(chunk)
            ]
            pending.append(senders.submit(helpers.bulk, client, actions, chunk_size=chunk_size, raise_on_error=True))
            while len(pending) > 2:
                loaded += pending.pop(0).result()[0]
            if progress:
                progress(len(actions))
        for future in pending:
            loaded += future.result()[0]
    return loaded


def _replay(client, indexed: IndexedType, name: str, since) -> int:
    """Re-send into the new index everything changed since the rebuild began: its chunks may be older."""
    rows = IndexOutbox.objects.filter(type_name=indexed.name).filter(
        Q(pushed_at__isnull=True) | Q(pushed_at__gte=since) | Q(changed_at__gte=since)
    )
    object_ids = list(rows.values_list("object_id", flat=True))
    for chunk in _chunks(object_ids, PUSH_BATCH):
        errors = _send(client, indexed, chunk, [name], require_alias=False)
        if errors:
            # Back in the queue: the push after the swap tries them again, now into the new index.
            logger.warning("%s documents could not be replayed into %s", len(errors), name)
            IndexOutbox.objects.filter(type_name=indexed.name, object_id__in=list(errors)).update(pushed_at=None)
    return len(object_ids)


def rebuild(*, indexed: IndexedType, progress: Callable[[int], None] | None = None, chunk_size: int = 500) -> dict:
    """Load every object into a new versioned index, then swap the alias to it in one step.

    Searches keep using the old index until the swap. Changes pushed meanwhile go to both indices
    (through the building alias), and are replayed into the new one just before the swap, under the
    push lock, so a chunk read before a change can never leave the old version behind.
    """
    client = es.get_bulk_client()
    alias = es.index_name(indexed.name)
    with locks.held(f"rebuild:{indexed.name}", wait=False) as acquired:
        if not acquired:
            raise RebuildInProgress(f"Another rebuild of {indexed.name} is running.")
        with locks.held(PUSH_LOCK):
            _abandon_building(client, indexed)
            name = versioned_name(indexed)
            index = index_for(indexed.document, name)
            # No refreshes while loading: much faster, and nobody searches this index yet. The
            # building alias comes with the index in one cluster-state change.
            index.settings(refresh_interval="-1")
            index.aliases(**{building_alias(indexed): {}})
            index.create(using=client)
            since = timezone.now() - CLOCK_SLACK
        try:
            loaded = _load(client, indexed, name, chunk_size, progress)
            client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
            with locks.held(PUSH_LOCK):
                replayed = _replay(client, indexed, name, since)
                client.indices.refresh(index=name)
                old = list(client.indices.get_alias(name=alias)) if _has_alias(client, indexed) else []
                client.indices.update_aliases(
                    actions=[{"remove": {"index": index, "alias": alias}} for index in old]
                    + [
                        {"add": {"index": name, "alias": alias}},
                        {"remove": {"index": name, "alias": building_alias(indexed)}},
                    ]
                )
        except BaseException:
            with locks.held(PUSH_LOCK):
                _abandon_building(client, indexed)
            raise
    # Keep the index just replaced: searches that resolved the alias a moment ago may still be reading
    # it. Anything older goes.
    removed = [index for index in _versioned_indices(client, alias) if index != name and index not in old]
    for index in removed:
        with contextlib.suppress(NotFoundError):
            client.indices.delete(index=index)
    return {"index": name, "loaded": loaded, "replayed": replayed, "replaced": old, "removed": removed}


def rebuild_all(*, progress_factory=None) -> list[dict]:
    """Rebuild the database's search table and every indexed type, then push what changed meanwhile."""
    database.rebuild()
    results = []
    for indexed in indexed_types():
        total = indexed.queryset().count()
        progress = progress_factory(indexed, total) if progress_factory else None
        results.append({"type": indexed.name, **rebuild(indexed=indexed, progress=progress)})
    sync()
    return results


def status() -> list[dict]:
    """Objects per type in the database and in its index, with the outbox backlog."""
    rows = []
    for indexed in indexed_types():
        pending = pending_rows().filter(type_name=indexed.name)
        row = {
            "type": indexed.name,
            "database": indexed.queryset().count(),
            "pending": pending.count(),
            "failing": pending.filter(attempts__gt=0).count(),
        }
        try:
            alias = es.index_name(indexed.name)
            client = es.get_bulk_client()
            if client.indices.exists_alias(name=alias):
                row["index"] = client.count(index=alias)["count"]
                row["indices"] = sorted(client.indices.get_alias(name=alias))
            else:
                row["index"] = None
            row["building"] = bool(client.indices.exists_alias(name=building_alias(indexed)))
        except (*ELASTICSEARCH_ERRORS, RuntimeError) as exc:
            row["error"] = str(exc)[:200]
        rows.append(row)
    return rows


def enqueue_all(*, name: str | None = None) -> int:
    """Put every object of one type (or all types) in the outbox, e.g. after editing synonyms."""
    count = 0
    for indexed in [indexed_type(name)] if name else indexed_types():
        count += enqueue_many(indexed=indexed, object_ids=indexed.queryset().values_list("pk", flat=True))
    return count
