"""Searching the evidence: one interface, answered by Elasticsearch or, in reduced mode, the database.

Views hand these functions parsed values (`forms.parse_search_request`); `engines.answered` picks
the engine; what is decided after the engine answered (which corrections to offer, editors' picks)
is decided here once for both.
"""

from dataclasses import replace

from portal.search import elastic, registry, spelling
from portal.search.engines import answered
from portal.search.promotions import promotions_for
from portal.search.results import SearchRequest, SearchResults

SUGGESTIONS = elastic.SUGGESTIONS


def _database():
    from portal.search import database

    return database


def _engine_search(
    request: SearchRequest, facets: bool = True, highlights: bool = True, every_word: bool = False
) -> SearchResults:
    results, reason = answered(
        "Search",
        lambda: elastic.search(request, facets=facets, highlights=highlights, every_word=every_word),
        lambda: _database().database_search(request, facets=facets),
    )
    results.reduced_mode = reason
    return results


def search(request: SearchRequest) -> SearchResults:
    """Search with Elasticsearch when it answers, otherwise the database, saying so; with editors' picks.

    A misspelt query that finds nothing (or only partial matches) shows the results of its
    correction, when the correction finds results with every word.
    """
    results = _engine_search(request)
    corrected, covers_more = (None, False) if request.as_typed else _correction(results)
    if corrected is None or not (_strength(corrected) > _strength(results) or covers_more):
        results.suggestion = ""
    elif _replaceable(results) and corrected.total and not corrected.partial:
        results = corrected  # searched in full by `_correction`, as these results may be replaced
        results.suggestion, results.corrected_from = results.request.q, request.q
    else:
        results.suggestion = corrected.request.q
    results.promotions = promotions_for(request.q)
    return results


def _replaceable(results: SearchResults) -> bool:
    """Whether a correction's results may be shown in place of these: they have nothing with every word."""
    return results.partial or not results.total


def _strength(results: SearchResults) -> tuple[bool, int]:
    """How much a query finds: results with every word beat any number of partial matches."""
    return (not results.partial and results.total > 0, results.total)


def _finds(request: SearchRequest, word: str) -> bool:
    """Whether the word alone finds results with all of it (a partial match of a hyphenated word does not count)."""
    found = _engine_search(replace(request, q=word, page=1, size=1), facets=False, highlights=False, every_word=True)
    return found.total > 0 and not found.partial


def _correction(results: SearchResults) -> tuple[SearchResults | None, bool]:
    """The corrected query's results, when the engine's suggestion only changes words that are not words;
    and whether the correction's words find something where the typed ones found nothing.

    A word in the index (any form of it finds something) or in ordinary English is never corrected:
    "carers" stays "carers", "mental health" never becomes a name.
    """
    suggestion, typed = results.suggestion, results.request.q
    if not suggestion or suggestion.lower() == typed.lower():
        return None, False
    changed = spelling.changed_words(typed, suggestion)
    if not changed or not all(spelling.may_correct(word, correction) for word, correction in changed):
        return None, False
    if any(_finds(results.request, word) for word, _ in changed):
        return None, False  # a word of our own content, spelt as the content spells it
    # The engines' spelling help draws on every document's words, a private group's topics included: a word
    # is offered only when it finds something this searcher may see.
    if not all(_finds(results.request, new) for _, new in changed if new):
        return None, False
    # Every new word was just found alone: where the typed query found nothing with every word, the
    # correction covers more. Its results may then replace these, so they are searched in full.
    replaceable = _replaceable(results)
    corrected = _engine_search(replace(results.request, q=suggestion), facets=replaceable, highlights=replaceable)
    covers_more = not _strength(results)[0] and any(new for _, new in changed)
    return corrected, covers_more


def export_rows(request: SearchRequest, cap: int) -> tuple[list[dict], int, str]:
    """Up to `cap` results of a search in one request, no facets; with the total and any reduced-mode reason."""
    results = _engine_search(replace(request, page=1, size=cap), facets=False, highlights=False)
    return results.hits, results.total, results.reduced_mode


def suggest(q: str, readable: tuple[str, ...] = ()) -> list[dict]:
    """Titles that complete what someone is typing (fewer than ten), of what this searcher may find."""
    q = " ".join(q.split())[:100]
    if not q:
        return []
    titles, _ = answered(
        "Suggestions",
        lambda: elastic.suggest_titles(q, readable),
        lambda: _database().suggest_titles(q, SUGGESTIONS, readable),
    )
    return titles


def readable_keys(user) -> tuple[str, ...]:
    """The keys of restricted documents (a private group's topics) this searcher may find; none for visitors."""
    return registry.readable_keys(user)


def more_like_this(page, size: int = 4) -> list[dict]:
    """Case studies like this one, or none when the search engine is unavailable."""
    similar, _ = answered("More like this", lambda: elastic.more_like_this(page.pk, size), None)
    return similar or []


def matching_case_study_ids(requests: list[SearchRequest], among_ids) -> list[set[int]]:
    """For each request, which of these case studies it finds now: saved-search alerts ask this in batches.

    Elasticsearch answers a batch in multi-search requests; in reduced mode each request runs against the
    database's search table. Only results with every word count (a partial match is no news).
    """
    among = sorted({int(pk) for pk in among_ids})
    if not among or not requests:
        return [set() for _ in requests]
    matches, _ = answered(
        "Saved searches",
        lambda: elastic.matching_case_study_ids(requests, among),
        lambda: [
            {int(pk) for pk in _database().matching_object_ids(request, "case_study", among=among)}
            for request in requests
        ],
    )
    return matches
