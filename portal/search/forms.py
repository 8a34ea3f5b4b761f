"""Reading a search request: query parameters in, a SearchRequest (plain values) out, or a message."""

from urllib.parse import parse_qsl

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from portal.search.results import (
    DEFAULT_PAGE_SIZE,
    FACETS,
    MAX_FILTER_VALUES,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    SORTS,
    YEARS,
    BadSearchRequest,
    SearchRequest,
)

# Far more than anyone types; longer input is refused before it is even cleaned.
MAX_RAW_LENGTH = 4 * MAX_QUERY_LENGTH
FILTER_VALUE_LENGTH = 100


def printable(text: str) -> str:
    """Control characters (NUL included, which PostgreSQL refuses) become spaces; runs of space collapse."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class FacetValuesField(forms.Field):
    """Every value given for one facet: printable, cut to a sensible length, without repeats."""

    def __init__(self, *, numeric_range: tuple[int, int] | None = None, **kwargs):
        super().__init__(required=False, widget=forms.MultipleHiddenInput, **kwargs)
        self.numeric_range = numeric_range

    def to_python(self, value):
        values = [printable(item)[:FILTER_VALUE_LENGTH] for item in value or []]
        values = list(dict.fromkeys(item for item in values if item))
        if len(values) > MAX_FILTER_VALUES:
            raise forms.ValidationError(f"Choose at most {MAX_FILTER_VALUES} values for '{self.label}'.")
        if self.numeric_range:
            low, high = self.numeric_range
            for item in values:
                if not item.lstrip("-").isdigit() or not low <= int(item) <= high:
                    raise forms.ValidationError(f"'{self.label}' must be a whole number between {low} and {high}.")
            values = [str(int(item)) for item in values]
        return values


class SearchTextField(forms.CharField):
    """What was typed; control characters (NUL included) are cleaned away later, not refused."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


def _whole_number(name: str, low: int, high: int) -> forms.IntegerField:
    out_of_range = f"'{name}' must be between {low} and {high}."
    return forms.IntegerField(
        required=False,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"'{name}' must be a whole number.",
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class SearchForm(forms.Form):
    """The search page's, the API's and the exports' parameters."""

    q = SearchTextField(required=False, strip=False, max_length=MAX_RAW_LENGTH)
    sort = forms.CharField(required=False)
    page = _whole_number("page", 1, MAX_RESULT_WINDOW)
    size = _whole_number("size", 1, MAX_PAGE_SIZE)
    year_from = _whole_number("year_from", *YEARS)
    year_to = _whole_number("year_to", *YEARS)
    as_typed = forms.BooleanField(required=False)

    def __init__(self, data, paged: bool = True):
        super().__init__(data)
        self.paged = paged
        for name in FACETS:
            self.fields[name] = FacetValuesField(
                label=name, numeric_range={"evidence": (1, 5), "year": YEARS}.get(name)
            )
        self.fields["q"].error_messages["max_length"] = f"Search terms are limited to {MAX_QUERY_LENGTH} characters."

    def clean_q(self):
        q = printable(self.cleaned_data.get("q") or "")
        if len(q) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(f"Search terms are limited to {MAX_QUERY_LENGTH} characters.")
        return q

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "relevance"
        if sort not in SORTS:
            raise forms.ValidationError(f"'sort' must be one of: {', '.join(SORTS)}.")
        return sort

    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            data["year_from"], data["year_to"] = year_to, year_from  # the years between them, whichever came first
        if self.paged:
            page, size = data.get("page") or 1, data.get("size") or DEFAULT_PAGE_SIZE
            if page > 1 and page * size > MAX_RESULT_WINDOW:
                raise forms.ValidationError(
                    f"Results can be paged to the first {MAX_RESULT_WINDOW}; narrow the search with filters instead."
                )
        return data

    def search_request(self) -> SearchRequest:
        data = self.cleaned_data
        filters = {name: data[name] for name in FACETS if data.get(name)}
        paging = {"page": data.get("page") or 1, "size": data.get("size") or DEFAULT_PAGE_SIZE} if self.paged else {}
        return SearchRequest(
            q=data["q"],
            filters=filters,
            sort=data["sort"],
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            as_typed=bool(data.get("as_typed")),
            **paging,
        )


def parse_search_request(params, paged: bool = True, query_string: str = "") -> SearchRequest:
    """Validate query parameters; raises BadSearchRequest with a message a person can act on.

    An export is not paged: its page and size parameters are ignored. `query_string`, the raw one,
    is checked to be UTF-8: Django would otherwise quietly replace what is not.
    """
    try:
        parse_qsl(query_string, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadSearchRequest("Search terms must be text (UTF-8); part of what was sent is not.") from None
    form = SearchForm(params, paged=paged)
    if not form.is_valid():
        errors = form.errors.as_data()
        first = next(iter(errors.values()))[0]
        raise BadSearchRequest(" ".join(first.messages))
    return form.search_request()
