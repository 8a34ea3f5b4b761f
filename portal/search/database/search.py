"""Searching the search table: the same results, facets, highlights and spelling help as Elasticsearch gives.

The engine of the database in use (postgresql.py or sqlite.py) finds and ranks the matching
entries and marks their fragments; everything else is done here, once, for both: filters,
multi-select facet counts, the partial-match retry, ordering, paging and "did you mean".
"""

import html
import logging
import math
import re
from collections import Counter
from datetime import datetime

import orjson
from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Length
from django.utils.dateparse import parse_datetime
from rapidfuzz import process
from rapidfuzz.distance import OSA

from portal.search import spelling
from portal.search.database import postgresql, sqlite
from portal.search.database.models import SearchEntry, SearchWord
from portal.search.database.query import TERM, Group, groups, terms
from portal.search.database.store import RESTRICTED
from portal.search.registry import indexed_types

logger = logging.getLogger(__name__)

ENGINES = {"postgresql": postgresql, "sqlite": sqlite}
# Stronger evidence ranks a little higher among equally relevant results (as in Elasticsearch).
EVIDENCE_WEIGHT = 0.1
MAX_HIGHLIGHTS = 2
START, STOP = "\ue000", "\ue001"
MIN_CORRECTED_LENGTH = 4
MAX_LISTED_IDS = 2000
WHOLE_TITLE_BONUS = 10.0


def engine():
    """The module that speaks the database's full-text dialect."""
    return ENGINES.get(connection.vendor, sqlite)


class _Entry:
    """What ordering, filtering and facets need of a matched entry, without its text."""

    __slots__ = ("evidence_level", "facets", "id", "kind", "object_id", "published_at", "score")

    def __init__(self, row, score):
        self.id, self.object_id, self.kind, facets, published_at, self.evidence_level = row
        # Read with a plain cursor: JSON text on both databases, parsed here (much faster than the ORM's).
        self.facets = orjson.loads(facets) if isinstance(facets, (str, bytes)) else facets or {}
        self.published_at = _moment(published_at)
        self.score = score


def _moment(value) -> float:
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.timestamp() if isinstance(value, datetime) else 0.0


def _boosts() -> dict[str, float]:
    return {indexed.kind: indexed.boost for indexed in indexed_types()}


def _may_find(facets: dict, readable) -> bool:
    """Whether a searcher holding these keys may find the entry (restricted ones: a private group's topics)."""
    restricted = facets.get(RESTRICTED)
    return not restricted or not readable.isdisjoint(restricted)


def _entries(scores: dict[int, float] | None, q: str = "", readable=frozenset()) -> list[_Entry]:
    """Matched entries (every entry when there is no query) that a searcher holding the `readable` keys may
    find, each with its final relevance.

    A query that is an entry's whole title (a name typed in full) puts that entry first.
    """
    if scores == {}:
        return []
    table = SearchEntry._meta.db_table
    sql = f"SELECT id, object_id, kind, facets, published_at, evidence_level, title FROM {table}"  # noqa: S608
    params = []
    if scores is not None and len(scores) <= MAX_LISTED_IDS:
        sql += f" WHERE id IN ({', '.join(['%s'] * len(scores))})"
        params = list(scores)
    # Past that, every row is read and the unmatched skipped: no database limits the size of a list.
    boosts = _boosts()
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    whole = terms(q)
    for row in rows:
        if scores is not None and row[0] not in scores:
            continue
        entry = _Entry(row[:-1], 0.0)
        if not _may_find(entry.facets, readable):
            continue
        text = scores[entry.id] if scores is not None else 1.0
        entry.score = text * boosts.get(entry.kind, 1.0) * (1 + EVIDENCE_WEIGHT * (entry.evidence_level or 0))
        if whole and terms(row[-1]) == whole:
            entry.score *= WHOLE_TITLE_BONUS
        found.append(entry)
    return found


def _match(query_groups: list[Group], any_word: bool) -> dict[int, float]:
    """Entry id -> text relevance; a query the engine cannot run matches nothing rather than failing.

    With any word, an entry scores by the words it has, each weighted by how rare it is (so the
    one entry with the rare word of a query beats many with its common one), then by its text rank.
    """
    try:
        with transaction.atomic():  # a savepoint, so an error leaves the request's transaction usable
            if not any_word:
                return dict(engine().matches(query_groups, any_word=False))
            per_group = [dict(engine().matches([group], any_word=False)) for group in query_groups]
    except DatabaseError:
        logger.exception("The database engine could not run a search built from %r", query_groups)
        return {}
    everything = max(SearchEntry.objects.count(), 1)
    scores = {}
    for found in per_group:
        if not found:
            continue
        rarity = math.log(1 + everything / len(found))
        best = max(found.values()) or 1.0
        for entry_id, rank in found.items():
            scores[entry_id] = scores.get(entry_id, 0.0) + rarity * (1 + rank / best)
    return scores


class _Filters:
    """A request's filters, ready to test entries against: facet values, and the year range."""

    def __init__(self, request):
        self.wanted = {name: set(values) for name, values in request.filters.items()}
        self.years = (request.year_from or 0, request.year_to or 9999) if request.has_year_range else None

    def failed(self, entry: _Entry) -> set[str]:
        """The facets whose filters the entry fails (the year range counts as the year facet's)."""
        failed = {name for name, wanted in self.wanted.items() if wanted.isdisjoint(entry.facets.get(name, ()))}
        if self.years:
            low, high = self.years
            if not any(low <= int(year) <= high for year in entry.facets.get("year", ()) if year.isdigit()):
                failed.add("year")
        return failed


def _facet_counts(entries: list[_Entry], filters: _Filters, names) -> dict[str, list[tuple[str, int]]]:
    """Each facet's counts obey every filter but its own (multi-select), most frequent first.

    An entry that fails no filter counts in every facet; one that fails a single facet's filter
    counts in that facet only; one that fails two counts nowhere.
    """
    counts = {name: Counter() for name in names}
    for entry in entries:
        failed = filters.failed(entry)
        if len(failed) > 1:
            continue
        for name in failed or counts:
            if name in counts:
                counts[name].update(set(entry.facets.get(name, ())))
    return {name: sorted(found.items(), key=lambda item: (-item[1], item[0]))[:50] for name, found in counts.items()}


def _ordered(entries: list[_Entry], sort: str) -> list[_Entry]:
    if sort == "newest":
        return sorted(entries, key=lambda entry: (-entry.published_at, -entry.score, entry.id))
    if sort == "evidence":
        return sorted(entries, key=lambda entry: (-(entry.evidence_level or 0), -entry.score, entry.id))
    return sorted(entries, key=lambda entry: (-entry.score, -entry.published_at, entry.id))


def _marked(fragment: str) -> str:
    """A fragment HTML-escaped, its matched words in <mark> (what Elasticsearch's highlighter gives)."""
    escaped = html.escape(" ".join(fragment.split()), quote=False)
    return escaped.replace(START, "<mark>").replace(STOP, "</mark>")


def _highlights(entry_ids: list[int], query_groups: list[Group], any_word: bool) -> dict[int, list[str]]:
    try:
        with transaction.atomic():
            fragments = engine().highlights(entry_ids, query_groups, any_word)
    except DatabaseError:
        logger.exception("The database engine could not highlight %r", query_groups)
        return {}
    return {
        entry_id: [_marked(fragment) for fragment in found if fragment and START in fragment][:MAX_HIGHLIGHTS]
        for entry_id, found in fragments.items()
    }


def _searched(request, filters: _Filters) -> tuple[list[_Entry], list[_Entry], list[Group], bool]:
    """Entries matching the query (for facets), those also passing the filters, the query as searched,
    and whether only some of its words matched."""
    query_groups = groups(request.q)
    readable = frozenset(request.readable)
    if not query_groups:
        matched = _entries(None, readable=readable)
        return matched, [entry for entry in matched if not filters.failed(entry)], [], False
    matched = _entries(_match(query_groups, any_word=False), request.q, readable)
    entries = [entry for entry in matched if not filters.failed(entry)]
    if entries or len(query_groups) == 1:
        return matched, entries, query_groups, False
    # No dead ends: nothing has every word, so the entries with the most of them come first.
    some_matched = _entries(_match(query_groups, any_word=True), request.q, readable)
    some_entries = [entry for entry in some_matched if not filters.failed(entry)]
    if not some_entries:
        return matched, entries, query_groups, False
    return some_matched, some_entries, query_groups, True


def matching_object_ids(request, kind: str, among=None) -> set[str]:
    """The object ids of one type that a request finds with every word (no partial matches); only `among` if given."""
    if among is None:
        _, entries, _, partial = _searched(request, _Filters(request))
        return set() if partial else {entry.object_id for entry in entries if entry.kind == kind}
    # Saved-search alerts ask about a few changed objects: the engine matches and ranks only their entries
    # (a partial match, tried when nothing has every word, would be no news anyway).
    object_ids = sorted({str(object_id) for object_id in among})
    filters = _Filters(request)
    query_groups = groups(request.q)
    found = set()
    for start in range(0, len(object_ids), MAX_LISTED_IDS):
        some = object_ids[start : start + MAX_LISTED_IDS]
        if not query_groups:
            within = SearchEntry.objects.filter(kind=kind, object_id__in=some).values_list("id", flat=True)
            scores = dict.fromkeys(within, 1.0)
        else:
            try:
                with transaction.atomic():
                    scores = dict(engine().matches(query_groups, any_word=False, within=(kind, some)))
            except DatabaseError:
                logger.exception("The database engine could not run a search built from %r", query_groups)
                return set()
        found |= {
            entry.object_id
            for entry in _entries(scores, request.q, frozenset(request.readable))
            if not filters.failed(entry)
        }
    return found


def database_search(request, facets: bool = True, highlights: bool = True):
    """SearchResults for a request, from the search table; without highlights, no "did you mean" either.

    As in Elasticsearch's request: exports and the probes of the spelling step ask for neither.
    """
    from portal.search.results import FACETS, SearchResults, hit_from_document, labelled_facets

    filters = _Filters(request)
    matched, entries, query_groups, partial = _searched(request, filters)
    window = _ordered(entries, request.sort)[request.offset : request.offset + request.size]
    ids = [entry.id for entry in window]
    documents = dict(SearchEntry.objects.filter(id__in=ids).values_list("id", "document"))
    marked = _highlights(ids, query_groups, partial) if query_groups and highlights else {}
    hits = [
        hit_from_document(entry.kind, entry.object_id, documents[entry.id], marked.get(entry.id, []))
        for entry in window
        if entry.id in documents
    ]
    raw_facets = _facet_counts(matched, filters, FACETS) if facets else {}
    return SearchResults(
        request=request,
        total=len(entries),
        hits=hits,
        facets=labelled_facets(raw_facets, request) if facets else {},
        suggestion=spelling_suggestion(request.q) if request.q and highlights else "",
        partial=partial,
        engine=connection.vendor,
    )


# --- did you mean ---------------------------------------------------------------------------------


def _in_vocabulary(word: str) -> bool:
    forms = {word, word.replace("-", "").replace("'", "")}
    return SearchWord.objects.filter(word__in=forms).exists()


def _correction(word: str) -> str:
    """The closest vocabulary word within one or two edits (two for longer words), the most used first.

    The engine's candidates come first (pg_trgm's similar words); when none is close enough (trigrams
    miss swapped letters in short words), every vocabulary word of about the same length is compared.
    """
    allowed = 1 if len(word) <= 5 else 2
    best = _closest(word, engine().spelling_candidates(word) or [], allowed)
    if not best:
        nearby = SearchWord.objects.annotate(length=Length("word")).filter(
            length__gte=len(word) - allowed, length__lte=len(word) + allowed
        )
        best = _closest(word, nearby.values_list("word", "documents"), allowed)
    return best


def _closest(word: str, candidates, allowed: int) -> str:
    documents = dict(candidates)
    close = process.extract(word, list(documents), scorer=OSA.distance, score_cutoff=allowed, limit=20)
    if not close:
        return ""
    # Fewest edits, then the same first letter (typos rarely change it), then the commonest word.
    best = min(close, key=lambda found: (found[1], found[0][:1] != word[:1], -documents[found[0]], found[0]))
    return best[0]


def spelling_suggestion(q: str) -> str:
    """The query with each word that is neither in the vocabulary nor English (or is a rare listed
    misspelling, see spelling.may_correct) replaced by its closest vocabulary word."""
    try:
        with transaction.atomic():
            return _spelling_suggestion(q)
    except DatabaseError:
        logger.exception("Spelling help failed for %r", q)
        return ""


def _spelling_suggestion(q: str) -> str:
    corrected = q
    for match in reversed(list(TERM.finditer(q))):
        word = match.group().lower()
        if len(word) < MIN_CORRECTED_LENGTH or not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", word):
            continue
        if _in_vocabulary(word) or spelling.is_common_word(word):
            continue
        replacement = _correction(word)
        if replacement and spelling.may_correct(word, replacement):
            corrected = corrected[: match.start()] + replacement + corrected[match.end() :]
    return corrected if corrected != q else ""


# --- titles as you type, and the gap map ----------------------------------------------------------


def suggest_titles(q: str, limit: int, readable: tuple[str, ...] = ()) -> list[dict]:
    """Titles with every word typed (the last may be unfinished), case studies first, of entries this
    searcher may find."""
    words = [match.group() for match in TERM.finditer(q)][:8]
    if not words:
        return []
    entries = SearchEntry.objects.all()
    for word in words:
        entries = entries.filter(title__icontains=word)
    order = {indexed.kind: position for position, indexed in enumerate(indexed_types())}
    readable = frozenset(readable)
    found = sorted(
        (
            row[:3]
            for row in entries.values_list("kind", "document", "published_at", "facets")[: limit * 5]
            if _may_find(row[3] or {}, readable)
        ),
        key=lambda row: (order.get(row[0], 99), -_moment(row[2])),
    )
    return [{"title": doc.get("title", ""), "url": doc.get("url", ""), "kind": kind} for kind, doc, _ in found][:limit]


def gap_counts() -> dict:
    """(service area slug, principle slug) -> {evidence level: case studies}."""
    counts = {}
    rows = SearchEntry.objects.filter(kind="case_study").values_list("facets", "evidence_level")
    for facets, level in rows.iterator(chunk_size=2000):
        for area in facets.get("service_area", []):
            for principle in facets.get("principle", []):
                cell = counts.setdefault((area, principle), {})
                cell[level] = cell.get(level, 0) + 1
    return counts
