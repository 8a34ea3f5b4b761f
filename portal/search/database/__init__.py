"""Reduced mode: search answered from the database's own search table, by PostgreSQL or SQLite.

This module is what the rest of the search app calls; it imports the engines only when called,
because the search app's models import the table definitions from this package.
"""


def database_search(request, facets: bool = True, highlights: bool = True):
    """The SearchResults Elasticsearch would give, from the search table."""
    from portal.search.database.search import database_search as search

    return search(request, facets=facets, highlights=highlights)


def matching_object_ids(request, kind: str, among=None) -> set[str]:
    """The object ids of one type that a request finds with every word (only among these ids if given)."""
    from portal.search.database.search import matching_object_ids as matching

    return matching(request, kind, among=among)


def suggest_titles(q: str, limit: int, readable: tuple[str, ...] = ()) -> list[dict]:
    """Titles containing what was typed, case studies first (restricted ones only for holders of their keys)."""
    from portal.search.database.search import suggest_titles as suggest

    return suggest(q, limit, readable)


def gap_counts() -> dict:
    """(service area slug, principle slug) -> {evidence level: case studies}, from the search table."""
    from portal.search.database.search import gap_counts as counts

    return counts()


def store_pending_quietly() -> None:
    """After a commit: bring the search table up to date with the outbox; a failure is logged, not raised."""
    from portal.search.database.store import store_pending_quietly as store

    store()


def rebuild(progress_factory=None) -> list[dict]:
    """Refill the search table and its vocabulary from every indexed type."""
    from portal.search.database.store import rebuild_all

    return rebuild_all(progress_factory)


def sync() -> dict:
    """Store every change the search table has not taken yet."""
    from portal.search.database.store import sync as store_all

    return store_all()
