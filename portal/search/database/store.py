"""Writing the search table: each indexed document as the registry serializes it, kept with the outbox.

The outbox says which objects changed; after each commit (and on `search_index rebuild|sync`) the
rows the table has not taken yet are stored, whether Elasticsearch is configured or not.
"""

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from portal.search import locks
from portal.search.database.models import SearchEntry, SearchWord
from portal.search.models import IndexOutbox
from portal.search.registry import IndexedType, indexed_types

logger = logging.getLogger(__name__)

STORE_BATCH = 200
STORE_BUDGET_SECONDS = 5.0
STORE_LOCK = "store"
# A field's weight in the registry decides its column: title-like fields A, summary-like B, the rest C.
WEIGHT_A = 3.0
WEIGHT_B = 2.0

# Words as the vocabulary keeps them: letters, joined by hyphens or apostrophes.
WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
MAX_WORD_LENGTH = 40


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(item) for item in value)
    return str(value)


# Shown in highlights, and weighted A, B and C whatever the registry says; other fields go by weight.
OWN_FIELDS = ("title", "summary", "body")


def weighted_text(indexed: IndexedType, document: dict) -> dict[str, str]:
    """The document's searchable text as the table's columns, other fields by the weight its type gives them."""
    columns = {name: _text(document.get(name)) for name in OWN_FIELDS}
    more = {"more_a": [], "more_b": [], "more_c": []}
    for name, weight in indexed.fields.items():
        if name not in OWN_FIELDS:
            column = "more_a" if weight >= WEIGHT_A else "more_b" if weight >= WEIGHT_B else "more_c"
            more[column].append(_text(document.get(name)))
    return columns | {column: "\n".join(part for part in parts if part) for column, parts in more.items()}


# Kept with the facets (read with them for every match) but never counted as one: the keys a searcher must
# hold to find a restricted document (a private group's topic; see registry.IndexedType.readable_keys).
RESTRICTED = "_restricted_to"


def facet_values(indexed: IndexedType, document: dict) -> dict[str, list[str]]:
    """Facet name -> the document's values for it, as strings (the type facet included), with the keys of a
    restricted document under RESTRICTED."""
    values = {"type": [indexed.kind]}
    if document.get("restricted_to"):
        values[RESTRICTED] = [str(key) for key in document["restricted_to"]]
    for name, field_name in indexed.facets.items():
        value = document.get(field_name)
        found = value if isinstance(value, (list, tuple)) else [value]
        found = [str(item) for item in found if item not in (None, "")]
        if found:
            values[name] = found
    return values


def words_of(*texts: str) -> set[str]:
    """The distinct words of some text, lower case; a hyphenated word also gives its parts and its joined form."""
    found = set()
    for text in texts:
        for match in WORD.finditer(text.lower()):
            word = match.group().replace("\u2019", "'")
            parts = re.split(r"['-]", word)
            found.update(part for part in parts if len(part) > 1)
            if "-" in word:
                found.add(word.replace("-", "").replace("'", ""))
    return {word for word in found if len(word) <= MAX_WORD_LENGTH}


def _entry(indexed: IndexedType, object_id: str, document: dict) -> SearchEntry:
    text = weighted_text(indexed, document)
    evidence = document.get("evidence_level")
    return SearchEntry(
        type_name=indexed.name,
        object_id=object_id,
        kind=indexed.kind,
        **text,
        facets=facet_values(indexed, document),
        document=document,
        published_at=document.get("published_at") or None,
        evidence_level=evidence if isinstance(evidence, int) else None,
        # A restricted document's words stay out of the vocabulary "did you mean" draws on.
        words="" if document.get("restricted_to") else " ".join(sorted(words_of(*text.values()))),
    )


def store(indexed: IndexedType, object_ids: Iterable) -> int:
    """Bring these objects' entries up to date: stored if they belong in the index, removed if not."""
    object_ids = [str(object_id) for object_id in object_ids]
    present = dict(indexed.documents(indexed.queryset().filter(pk__in=object_ids)))
    entries = [_entry(indexed, object_id, document) for object_id, document in present.items()]
    with transaction.atomic():
        before = SearchEntry.objects.filter(type_name=indexed.name, object_id__in=object_ids)
        counts = Counter()
        for words in before.values_list("words", flat=True):
            counts.subtract(words.split())
        for entry in entries:
            counts.update(entry.words.split())
        before.exclude(object_id__in=list(present)).delete()
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["type_name", "object_id"],
            update_fields=[
                "kind",
                "title",
                "summary",
                "body",
                "more_a",
                "more_b",
                "more_c",
                "facets",
                "document",
                "published_at",
                "evidence_level",
                "words",
                "stored_at",
            ],
        )
        _count_words(counts)
    return len(entries)


def _count_words(changes: Counter) -> None:
    changes = [(word, change) for word, change in changes.items() if change]
    if not changes:
        return
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        for chunk in _chunks(sorted(changes), 500):
            cursor.executemany(
                f"INSERT INTO {table} (word, documents) VALUES (%s, %s) "  # noqa: S608 - our own table name
                f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + excluded.documents",
                chunk,
            )
    fewer = [word for word, change in changes if change < 0]
    for chunk in _chunks(fewer, 500):
        SearchWord.objects.filter(word__in=chunk, documents__lte=0).delete()


def _pending():
    return IndexOutbox.objects.filter(stored_at__isnull=True)


def store_pending(limit: int = STORE_BATCH) -> dict:
    """Store one batch of the changes the table has not taken yet, per type."""
    taken = 0
    for indexed in indexed_types():
        rows = list(_pending().filter(type_name=indexed.name).order_by("changed_at", "pk")[:limit])
        if not rows:
            continue
        seen = {row.object_id: row.changed_at for row in rows}
        store(indexed, seen)
        taken += len(seen)
        # A row changed again meanwhile keeps its place: its changed_at moved on.
        now = timezone.now()
        for chunk in _chunks(list(seen), 100):
            unchanged = Q()
            for object_id in chunk:
                unchanged |= Q(object_id=object_id, changed_at=seen[object_id])
            _pending().filter(unchanged, type_name=indexed.name).update(stored_at=now)
    return {"taken": taken, "pending": _pending().count()}


def sync() -> dict:
    """Store every pending change, batch after batch."""
    taken = 0
    with locks.held(STORE_LOCK):
        while True:
            result = store_pending()
            taken += result["taken"]
            if not result["pending"] or not result["taken"]:
                return {"stored": taken, "pending": result["pending"]}


def store_pending_quietly() -> None:
    """After a commit, for at most STORE_BUDGET_SECONDS: the rest waits for the next commit or a sync.

    One process stores at a time (so two never count the same entry's words twice); while another
    holds the lock, it takes this commit's rows too, since it looks again before it lets go.
    """
    deadline = time.monotonic() + STORE_BUDGET_SECONDS
    try:
        with locks.held(STORE_LOCK, wait=False) as acquired:
            while acquired and time.monotonic() < deadline:
                if not store_pending()["pending"]:
                    return
    except Exception:
        logger.exception("The database search table could not be updated; outbox rows kept for the next try")


def rebuild(indexed: IndexedType, progress=None, chunk_size: int = 500) -> int:
    """Store every object of one type again and drop entries of objects no longer indexed."""
    started = timezone.now()
    loaded = 0
    keep = set()
    object_ids = indexed.queryset().order_by("pk").values_list("pk", flat=True).iterator(chunk_size)
    for chunk in _chunks(object_ids, chunk_size):
        loaded += store(indexed, chunk)
        keep.update(str(pk) for pk in chunk)
        if progress:
            progress(len(chunk))
    gone = SearchEntry.objects.filter(type_name=indexed.name).exclude(object_id__in=keep)
    if gone.exists():
        store(indexed, list(gone.values_list("object_id", flat=True)))
    _pending().filter(type_name=indexed.name, changed_at__lt=started).update(stored_at=timezone.now())
    return loaded


def rebuild_all(progress_factory=None) -> list[dict]:
    """Refill the table for every type, recount the vocabulary, then store what changed meanwhile."""
    results = []
    types = indexed_types()
    with locks.held(STORE_LOCK):
        SearchEntry.objects.exclude(type_name__in=[indexed.name for indexed in types]).delete()
        for indexed in types:
            progress = progress_factory(indexed, indexed.queryset().count()) if progress_factory else None
            results.append({"type": indexed.name, "loaded": rebuild(indexed, progress=progress)})
        recount_words()
        sync()
    return results


def recount_words() -> None:
    """The vocabulary counted afresh from the entries (incremental counts drift if two writers race)."""
    counts = Counter()
    for words in SearchEntry.objects.values_list("words", flat=True).iterator():
        counts.update(words.split())
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create([SearchWord(word=w, documents=n) for w, n in counts.items()], batch_size=1000)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
