"""SQLite FTS5 search over the search table: porter stemming, bm25() column weights, snippet()."""

from django.db import connection

from portal.search.database.query import Group

TABLE = "search_searchentry_fts"
# bm25() weights of the columns: title, summary, body, then the other fields weighted A, B and C.
COLUMN_WEIGHTS = (5.0, 2.0, 1.0, 5.0, 2.0, 1.0)
START, STOP = "\ue000", "\ue001"
SNIPPET_TOKENS = 24
# Columns snippets come from, in the order they are shown: summary, body, more_b, more_c, title.
HIGHLIGHTED = (1, 2, 4, 5, 0)


def expression(groups: list[Group], any_word: bool) -> str:
    """An FTS5 query in which every phrase is a quoted string: user text is never FTS5 syntax."""
    parts = []
    for group in groups:
        # query.terms() leaves no double quote in a phrase; doubling one would escape it anyway.
        quoted = ['"' + phrase.replace('"', '""') + '"' for phrase in group.phrases]
        parts.append("(" + " OR ".join(quoted) + ")")
    return (" OR " if any_word else " AND ").join(parts)


def matches(
    groups: list[Group], any_word: bool, within: tuple[str, list[str]] | None = None
) -> list[tuple[int, float]]:
    """(entry id, text relevance) of every match (only `within`'s kind and ids if given); bm25() is negative."""
    weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
    sql = f"SELECT rowid, bm25({TABLE}, {weights}) FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608 - constants
    params = [expression(groups, any_word)]
    if within is not None:
        kind, object_ids = within
        placeholders = ", ".join(["%s"] * len(object_ids))
        sql += f" AND rowid IN (SELECT id FROM search_searchentry WHERE kind = %s AND object_id IN ({placeholders}))"  # noqa: S608
        params += [kind, *object_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(entry_id, -float(score)) for entry_id, score in cursor.fetchall()]


def highlights(entry_ids: list[int], groups: list[Group], any_word: bool) -> dict[int, list[str]]:
    """Entry id -> fragments of its text around the matched words, marked, in HIGHLIGHTED order."""
    if not entry_ids:
        return {}
    marks = f"'{START}', '{STOP}', '', {SNIPPET_TOKENS}"
    placeholders = ", ".join(["%s"] * len(entry_ids))
    snippets = ", ".join(f"snippet({TABLE}, {column}, {marks})" for column in HIGHLIGHTED)
    sql = f"SELECT rowid, {snippets} FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression(groups, any_word), *entry_ids])
        return {entry_id: list(fragments) for entry_id, *fragments in cursor.fetchall()}


def spelling_candidates(word: str, limit: int = 20) -> list[tuple[str, int]]:
    """SQLite has no trigram index: the common step compares the vocabulary by word length instead."""
    return []
