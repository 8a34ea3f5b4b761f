"""PostgreSQL full-text search over the search table: websearch_to_tsquery, ts_rank_cd, ts_headline, pg_trgm."""

from functools import cache

from django.db import connection

from portal.search.database.query import Group

# ts_rank_cd's weights for D, C, B, A: the title counts five times the body text.
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# Highlight markers no text contains: the result is HTML-escaped, then they become <mark> tags.
START, STOP, BETWEEN = "\ue000", "\ue001", "\ue002"
HEADLINE = f'StartSel="{START}", StopSel="{STOP}", MinWords=12, MaxWords=30'
FRAGMENTS = f'{HEADLINE}, MaxFragments=2, FragmentDelimiter="{BETWEEN}"'
# Where snippets come from, in the order they are shown (as Elasticsearch's highlighter is asked).
HIGHLIGHTED = ("summary", "body", "more_b", "more_c", "title")


def _tsquery(groups: list[Group], any_word: bool) -> tuple[str, list[str]]:
    """SQL for the query: every word quoted for websearch_to_tsquery, its synonyms ORed, groups ANDed (or ORed)."""
    parts, params = [], []
    for group in groups:
        alternatives = []
        for phrase in group.phrases:
            alternatives.append("websearch_to_tsquery('english', %s)")
            params.append(f'"{phrase}"')  # query.terms() leaves no quote in a phrase
        parts.append("(" + " || ".join(alternatives) + ")")
    return (" || " if any_word else " && ").join(parts), params


def matches(
    groups: list[Group], any_word: bool, within: tuple[str, list[str]] | None = None
) -> list[tuple[int, float]]:
    """(entry id, text relevance) of every entry that matches; only of `within`'s (kind, object ids) if given."""
    tsquery, params = _tsquery(groups, any_word)
    sql = (
        f"SELECT entry.id, ts_rank_cd(%s, entry.search_vector, query.q) "  # noqa: S608 - placeholders only
        f"FROM search_searchentry entry, (SELECT {tsquery} AS q) query WHERE entry.search_vector @@ query.q"
    )
    if within is not None:
        sql += " AND entry.kind = %s AND entry.object_id = ANY(%s)"
        params = [*params, within[0], list(within[1])]
    with connection.cursor() as cursor:
        cursor.execute(sql, [RANK_WEIGHTS, *params])
        return [(entry_id, float(rank)) for entry_id, rank in cursor.fetchall()]


def highlights(entry_ids: list[int], groups: list[Group], any_word: bool) -> dict[int, list[str]]:
    """Entry id -> fragments of its text around the matched words, marked, in HIGHLIGHTED order."""
    if not entry_ids:
        return {}
    tsquery, params = _tsquery(groups, any_word)
    headlines = ", ".join(f"ts_headline('english', entry.{column}, query.q, %s)" for column in HIGHLIGHTED)
    sql = (
        f"SELECT entry.id, {headlines} "  # noqa: S608 - column names and placeholders only
        f"FROM search_searchentry entry, (SELECT {tsquery} AS q) query WHERE entry.id = ANY(%s)"
    )
    options = [FRAGMENTS if column == "body" else HEADLINE for column in HIGHLIGHTED]
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*options, *params, list(entry_ids)])
        for entry_id, *fragments in cursor.fetchall():
            found[entry_id] = [part for fragment in fragments for part in fragment.split(BETWEEN)]
    return found


@cache
def _has_trigrams() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def spelling_candidates(word: str, limit: int = 20) -> list[tuple[str, int]]:
    """Vocabulary words that look like `word` (pg_trgm), with their document counts; none without pg_trgm."""
    if not _has_trigrams():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, documents FROM search_searchword WHERE word %% %s "
            "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT %s",
            [word, word, limit],
        )
        return cursor.fetchall()
