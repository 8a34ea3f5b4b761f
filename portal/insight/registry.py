"""What the insight report knows about, registered by the apps that own it (from their `apps.py ready()`).

Insight imports no portal app: an app registers the kinds of things whose views are counted (with a
function naming them), the weekly contribution series it can count, and the search-terms reader. Kinds
are data, as in notifications: an unregistered kind is simply not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ViewedKind:
    """Things whose views are counted: `describe(ids)` answers {id: (title, url)} for the report."""

    name: str
    label: str
    describe: Callable[[list[int]], dict[int, tuple[str, str]]]
    page_model: type | None = None  # a Wagtail page type: counted when Wagtail serves it
    order: int = 100


@dataclass(frozen=True)
class ContributionSeries:
    """Something members or editors add, counted per week: `count(start, end)` answers {week's Monday: n}."""

    name: str
    label: str
    count: Callable[[date, date], dict[date, int]]
    order: int = 100


_kinds: dict[str, ViewedKind] = {}
_series: dict[str, ContributionSeries] = {}
_search_terms: dict[str, Callable] = {}


def register_kind(kind: ViewedKind) -> ViewedKind:
    """Count views of a kind of thing (idempotent: apps.py ready() may run twice in tests)."""
    _kinds[kind.name] = kind
    return kind


def register_series(series: ContributionSeries) -> ContributionSeries:
    """Show a weekly contribution series in the report."""
    _series[series.name] = series
    return series


def register_search_terms(reader: Callable[[date, date, int], list[dict]], flush: Callable | None = None) -> None:
    """The reader of search terms: `reader(start, end, limit)` answers [{query, searches, found}], most first.

    `flush()`, if given, stores the searches counted since the worker last did, so the report is current.
    """
    _search_terms["reader"] = reader
    if flush is not None:
        _search_terms["flush"] = flush


def kinds() -> list[ViewedKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def kind(name: str) -> ViewedKind | None:
    return _kinds.get(name)


def kind_of_page(page) -> ViewedKind | None:
    """The kind a served Wagtail page is counted as, if any."""
    for candidate in _kinds.values():
        if candidate.page_model is not None and type(page) is candidate.page_model:
            return candidate
    return None


def series() -> list[ContributionSeries]:
    return sorted(_series.values(), key=lambda item: (item.order, item.name))


def search_terms_reader() -> Callable | None:
    return _search_terms.get("reader")


def search_terms_flush() -> Callable | None:
    return _search_terms.get("flush")
