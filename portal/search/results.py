"""What a search asks and what it answers, the same whichever engine answers it."""

import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from portal.search.registry import facet_value_labels as _facet_value_labels
from portal.search.registry import kind_labels

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_RESULT_WINDOW = 1000  # how deep anyone may page
MAX_FILTER_VALUES = 20
YEARS = (1900, 2100)
SORTS = {"relevance": "Relevance", "newest": "Newest first", "evidence": "Strongest evidence first"}

# name in the URL -> document field
FACETS = {
    "type": "kind",
    "service_area": "service_area",
    "region": "region",
    "principle": "principles",
    "evidence": "evidence_level",
    "year": "year",
    "organisation_kind": "organisation_kinds",
    "when": "when",
}
FACET_LABELS = {
    "type": "Type",
    "service_area": "Service area",
    "region": "Region",
    "principle": "Principle applied",
    "evidence": "Evidence level",
    "year": "Start year",
    "organisation_kind": "Organisation kind",
    "when": "Events",
}
NUMERIC_FACETS = {"evidence", "year"}
YEAR_FIELD = "year"  # the document field a from-to year range filters on


class BadSearchRequest(ValueError):
    """Input we cannot search with; the message is shown to the user."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    year_from: int | None = None  # inclusive; a document without a year does not match a range
    year_to: int | None = None
    as_typed: bool = False  # search exactly what was typed, never its correction
    # Keys of restricted documents (a private group's topics) the searcher may find; never from the URL.
    readable: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def has_year_range(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.filters or self.has_year_range)

    def _params(self, with_filters: bool = True) -> list[tuple[str, str]]:
        params = [("q", self.q)] if self.q else []
        if with_filters:
            for name, values in self.filters.items():
                params.extend((name, value) for value in values)
            params += [(name, str(value)) for name, value in self.year_range_params().items()]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        return params

    def year_range_params(self) -> dict[str, int]:
        bounds = {"year_from": self.year_from, "year_to": self.year_to}
        return {name: value for name, value in bounds.items() if value is not None}

    @property
    def query_string_without_filters(self) -> str:
        return urlencode([("q", self.q)] + ([("sort", self.sort)] if self.sort != "relevance" else []))

    def query_string(self, **changes) -> str:
        params = [(k, v) for k, v in self._params() if k not in changes]
        return urlencode(params + [(k, v) for k, v in changes.items() if v])


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[dict]
    facets: dict[str, list[dict]]
    suggestion: str = ""  # "did you mean"
    reduced_mode: str = ""  # why the database answered instead of Elasticsearch
    promotions: list[dict] = field(default_factory=list)  # editors' picks for this query
    partial: bool = False  # no result has every word: these are the best partial matches
    engine: str = "elasticsearch"  # or the database's vendor: "postgresql", "sqlite"
    corrected_from: str = ""  # the query as typed, when these are the results of its correction

    @property
    def pages(self) -> int:
        reachable = min(self.total, MAX_RESULT_WINDOW)
        return max(1, -(-reachable // self.request.size))

    @property
    def totals_by_type(self) -> list[dict]:
        """Results per type whatever the type filter ("Case studies (3) · Practitioners (2)"), evidence first."""
        return [entry for entry in self.facets.get("type", []) if entry["count"] or entry["selected"]]


def hit_from_document(kind: str, object_id: str, document: dict, highlights: list[str] | None = None) -> dict:
    """One result, the same from a search hit and from a document the database holds."""
    published = document.get("published_at")
    return {
        "kind": kind,
        "id": str(object_id),
        "title": document.get("title") or "",
        "url": document.get("url") or "",
        "summary": document.get("summary") or "",
        "highlights": highlights or [],
        "service_area": document.get("service_area_name"),
        "region": document.get("region_name"),
        "evidence_level": document.get("evidence_level"),
        "year": document.get("year"),
        "published_at": published.isoformat() if hasattr(published, "isoformat") else published,
    }


# --- labels ---------------------------------------------------------------------------------------


LABEL_CACHE_SECONDS = 60
_label_cache = {"labels": None, "since": 0.0}


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Human names for the slugs and numbers facets carry; looked up at most once a minute."""
    now = time.monotonic()
    if _label_cache["labels"] is None or now - _label_cache["since"] > LABEL_CACHE_SECONDS:
        _label_cache.update(labels={"type": kind_labels(), **_facet_value_labels()}, since=now)
    return _label_cache["labels"]


def forget_facet_labels() -> None:
    """Drop cached labels (after taxonomies change, and between tests)."""
    _label_cache.update(labels=None, since=0.0)


# Types in the order a reader meets them: the evidence first.
_TYPE_ORDER = ("case_study", "principle", "profile", "organisation", "event", "topic")


def labelled_facets(raw: dict, request: SearchRequest) -> dict[str, list[dict]]:
    """Raw counts ({facet: [(value, count)]}) as entries with labels, chosen values kept visible."""
    labels = facet_value_labels()
    facets = {}
    for name in FACETS:
        selected = set(request.filters.get(name, []))
        entries = [
            {
                "value": str(value),
                "label": labels.get(name, {}).get(str(value), str(value)),
                "count": count,
                "selected": str(value) in selected,
            }
            for value, count in raw.get(name, [])
        ]
        if name in NUMERIC_FACETS:
            entries.sort(key=lambda entry: int(entry["value"]), reverse=(name == "year"))
        # A chosen value stays visible (with 0) so it can be unticked.
        shown = {entry["value"] for entry in entries}
        entries += [
            {"value": value, "label": labels.get(name, {}).get(value, value), "count": 0, "selected": True}
            for value in selected - shown
        ]
        if name == "type":
            order = {kind: position for position, kind in enumerate(_TYPE_ORDER)}
            entries.sort(key=lambda entry: order.get(entry["value"], len(order)))
        facets[name] = entries
    return facets
