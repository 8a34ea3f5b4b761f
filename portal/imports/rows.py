"""Reading an import file (CSV or JSON) into checked case study rows, each with its problems in words.

The columns are the editors' export's (`practices.admin_views.STRUCTURED_FIELDS`), by heading or by
field name, plus a summary, a slug and an optional import key; the export's own read-only columns
(publication, first published, URL) are accepted and ignored, so an export can be edited and
imported again.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

# A field longer than this is refused by its row; a whole file longer than MAX_FILE_BYTES by the form.
MAX_FIELD_CHARS = 20_000
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
SEPARATOR = ";"

# Accepted column names (lower case) -> the row's attribute.
COLUMNS = {
    "key": "key",
    "import key": "key",
    "title": "title",
    "slug": "slug",
    "summary": "summary",
    "service area": "service_area",
    "service_area": "service_area",
    "service_area.name": "service_area",
    "region": "region",
    "region.name": "region",
    "evidence level": "evidence_level",
    "evidence_level": "evidence_level",
    "get_evidence_level_display": "evidence_level",
    "cost comparison": "cost_comparison",
    "cost_comparison": "cost_comparison",
    "cost compared with the conventional service": "cost_comparison",
    "get_cost_comparison_display": "cost_comparison",
    "cost note": "cost_note",
    "cost_note": "cost_note",
    "start year": "start_year",
    "start_year": "start_year",
    "end year": "end_year",
    "end_year": "end_year",
    "status": "status",
    "get_status_display": "status",
    "people reached": "people_reached",
    "people_reached": "people_reached",
    "principles applied (strength 1-3)": "principles",
    "principles applied (how strongly)": "principles",
    "principles applied": "principles",
    "principles_applied": "principles",
    "principles": "principles",
    "organisations": "organisations",
    "contributors": "contributors",
    "contributor_names": "contributors",
    "tags": "tags",
    "tag_names": "tags",
    "last reviewed": "last_reviewed",
    "last_reviewed": "last_reviewed",
    "licence": "licence",
    "body": "body",
    "impact measures": "impact_measures",
    "impact_measures": "impact_measures",
}
IGNORED_COLUMNS = {
    "publication",
    "status_string",
    "first published at",
    "first_published_at",
    "url",
    "full_url",
    # Derived in the export (the review date, else the first publication): importing it would invent a review.
    "last reviewed (or first published, if never reviewed)",
    "last_reviewed_or_published",
}
# The export names a principle's strength and the evidence level in words ("Central", "Level 4: ...").
STRENGTH_WORDS = {"present": "1", "central": "2", "exemplary": "3"}
LEVEL_IN_WORDS = re.compile(r"^\s*level\s*(?P<level>\d+)\b", re.I)

STRENGTH = re.compile(r"^(?P<name>.+?)\s*\((?P<strength>[^)]*)\)\s*$")
# A principle in a CSV cell: "Reciprocity (2): how it was applied", the strength and the how optional.
APPLIED = re.compile(r"^(?P<name>[^(:]+?)\s*(?:\((?P<strength>[^)]*)\))?\s*(?::\s*(?P<how>.*))?$", re.S)


@dataclass
class Vocabulary:
    """What rows may name, loaded once per import: slug and lower-case name -> object (or id)."""

    service_areas: dict
    regions: dict
    principles: dict
    organisations: dict
    existing_slugs: set
    cost_comparisons: dict
    statuses: dict
    roles: dict
    licences: dict


@dataclass
class CaseStudyRow:
    """One row of the file, parsed; `errors` says in words what is wrong with it (empty: importable)."""

    number: int
    key: str = ""
    title: str = ""
    slug: str = ""
    summary: str = ""
    service_area: object = None
    region: object = None
    evidence_level: int = 1
    cost_comparison: str = "unknown"
    cost_note: str = ""
    start_year: int | None = None
    end_year: int | None = None
    status: str = "ongoing"
    people_reached: int | None = None
    principles: list = field(default_factory=list)  # (principle, strength, how)
    organisations: list = field(default_factory=list)
    contributors: list = field(default_factory=list)  # (name, role)
    tags: list = field(default_factory=list)
    last_reviewed: object = None
    licence: str = ""
    body: str = ""
    impact_measures: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


class FileError(ValueError):
    """The file as a whole cannot be read (not CSV or JSON, no title column, empty, ...)."""


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:1000]:
        raise FileError("The file is UTF-16 or binary; save it as CSV (UTF-8) or JSON and upload it again.")
    # Undecodable bytes survive as lone surrogates, so only the rows that hold them are refused.
    return data.decode("utf-8-sig", errors="surrogateescape")


def raw_rows(data: bytes, fmt: str) -> list[tuple[int, dict | None, str]]:
    """(row number, {column: text} or None, a problem reading it) for every row of the file."""
    text = _decode(data)
    if fmt == "json":
        return _json_rows(text)
    return _csv_rows(text)


def _json_rows(text: str) -> list[tuple[int, dict | None, str]]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeEncodeError) as error:
        raise FileError(f"The file is not valid JSON ({error}).") from error
    items = document.get("case_studies") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise FileError('The JSON file must be a list of case studies, or {"case_studies": [...]}.')
    if len(items) > MAX_ROWS:
        raise FileError(f"The file has {len(items):,} rows; import at most {MAX_ROWS:,} at a time.")
    rows = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append((number, item, ""))
        else:
            rows.append((number, None, "This entry is not an object with named fields."))
    return rows


def _csv_rows(text: str) -> list[tuple[int, dict | None, str]]:
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError("The file is empty.") from None
    except csv.Error as error:
        raise FileError(f"The first line is not a CSV header ({error}).") from error
    names = [name.strip().lower() for name in header]
    if "title" not in names:
        raise FileError("The first line must name the columns, including Title.")
    rows = []
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            number += 1
            rows.append((number, None, f"This row is not valid CSV ({error})."))
            continue
        if not any(value.strip() for value in values):
            continue
        number += 1
        if len(rows) >= MAX_ROWS:
            raise FileError(f"The file has more than {MAX_ROWS:,} rows; import at most {MAX_ROWS:,} at a time.")
        if len(values) != len(names):
            rows.append((number, None, f"This row has {len(values)} fields; the header names {len(names)}."))
            continue
        rows.append((number, dict(zip(names, values, strict=True)), ""))
    return rows


def _has_bad_bytes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return f"{SEPARATOR} ".join(_text(item) for item in value)
    return str(value).strip()


def _items(value) -> list:
    if isinstance(value, list):
        return value
    return [item.strip() for item in _text(value).split(SEPARATOR) if item.strip()]


def _number(row, name, text, *, low=None, high=None):
    if text == "":
        return None
    try:
        number = int(Decimal(text))
    except (InvalidOperation, ValueError):
        row.errors.append(f"{name} must be a whole number, not “{text[:40]}”.")
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        row.errors.append(f"{name} must be between {low} and {high}, not {number}.")
        return None
    return number


def _choice(row, name, text, choices: dict, default: str):
    if text == "":
        return default
    value = choices.get(text.lower())
    if value is None:
        row.errors.append(f"{name} “{text[:60]}” is not one of: {', '.join(sorted(set(choices.values())))}.")
        return default
    return value


def _lookup(row, name, text, known: dict, *, required: bool):
    if text == "":
        if required:
            row.errors.append(f"{name} is missing.")
        return None
    found = known.get(text.lower()) or known.get(slugify(text))
    if found is None:
        row.errors.append(f"Unknown {name.lower()} “{text[:60]}”: use the name or slug of an existing one.")
    return found


def _principles(row, value, vocabulary: Vocabulary) -> list:
    chosen = []
    for item in _items(value):
        how = ""
        if isinstance(item, dict):
            name, strength, how = _text(item.get("principle")), _text(item.get("strength") or 1), _text(item.get("how"))
        else:
            match = APPLIED.match(item)
            name, strength, how = match["name"], match["strength"] or "1", match["how"] or ""
        principle = _lookup(row, "Principle", name, vocabulary.principles, required=True)
        strength = STRENGTH_WORDS.get(strength.strip().lower(), strength)
        level = _number(row, f"The strength of “{name[:40]}”", strength, low=1, high=3)
        if principle is not None and principle not in [p for p, _, _ in chosen]:
            chosen.append((principle, level or 1, how[:1000]))
    if not chosen and not any("rincipl" in error for error in row.errors):
        row.errors.append("At least one principle applied is needed, e.g. “Reciprocity (2)”.")
    return chosen


def _contributors(row, value, vocabulary: Vocabulary) -> list:
    people = []
    for item in _items(value):
        if isinstance(item, dict):
            name, role = _text(item.get("name")), _text(item.get("role"))
        else:
            match = STRENGTH.match(item)
            name, role = (match["name"], match["strength"]) if match else (item, "")
        if len(name) > 120:
            row.errors.append(f"The contributor name “{name[:40]}…” is longer than 120 characters.")
            continue
        people.append((name, _choice(row, "Contributor role", role, vocabulary.roles, "practitioner")))
    return people


def _impact_measures(row, value) -> list:
    if not value:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        row.errors.append("Impact measures must be a list of objects (outcome, metric, baseline, result, ...).")
        return []
    measures = []
    for item in value:
        measure = {name: _text(item.get(name))[:200] for name in ("outcome", "metric", "unit", "period", "source")}
        if not measure["outcome"] or not measure["metric"]:
            row.errors.append("Each impact measure needs an outcome and a metric.")
            continue
        for name in ("baseline", "result"):
            try:
                measure[name] = Decimal(_text(item.get(name))) if _text(item.get(name)) else None
            except InvalidOperation:
                row.errors.append(f"The impact measure's {name} “{_text(item.get(name))[:20]}” is not a number.")
                measure[name] = None
        measures.append(measure)
    return measures


def check_row(number: int, values: dict, vocabulary: Vocabulary) -> CaseStudyRow:
    """One row's values, looked up and checked; problems go into `row.errors`, never raise."""
    from datetime import date

    row = CaseStudyRow(number=number)
    named = {}
    for column, value in values.items():
        name = str(column).strip().lower()
        if name in IGNORED_COLUMNS:
            continue
        attribute = COLUMNS.get(name)
        if attribute is None:
            row.errors.append(f"Unknown column “{str(column)[:40]}”.")
            continue
        named[attribute] = value
    for attribute, value in named.items():
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        if len(text) > MAX_FIELD_CHARS:
            row.errors.append(
                f"The {attribute.replace('_', ' ')} field is {len(text):,} characters; at most {MAX_FIELD_CHARS:,}."
            )
            named[attribute] = ""
        elif _has_bad_bytes(text):
            row.errors.append("This row is not UTF-8 text: save the file as CSV UTF-8 and upload it again.")
            return row
    text = {attribute: _text(value) for attribute, value in named.items()}

    row.title = text.get("title", "")
    if not row.title:
        row.errors.append("Title is missing.")
    elif len(row.title) > 255:
        row.errors.append("Title is longer than 255 characters.")
    row.slug = slugify(text.get("slug") or row.title)[:255]
    row.key = text.get("key") or row.slug
    row.summary = text.get("summary", "")
    if not row.summary:
        row.errors.append("Summary is missing.")
    elif len(row.summary) > 300:
        row.errors.append(f"Summary is {len(row.summary)} characters; at most 300.")
    row.service_area = _lookup(
        row, "Service area", text.get("service_area", ""), vocabulary.service_areas, required=True
    )
    row.region = _lookup(row, "Region", text.get("region", ""), vocabulary.regions, required=True)
    evidence = text.get("evidence_level", "")
    in_words = LEVEL_IN_WORDS.match(evidence)
    evidence = in_words["level"] if in_words else evidence
    row.evidence_level = _number(row, "Evidence level", evidence, low=1, high=5) or 1
    row.cost_comparison = _choice(
        row, "Cost comparison", text.get("cost_comparison", ""), vocabulary.cost_comparisons, "unknown"
    )
    row.cost_note = text.get("cost_note", "")[:250]
    row.start_year = _number(row, "Start year", text.get("start_year", ""), low=1950, high=2100)
    row.end_year = _number(row, "End year", text.get("end_year", ""), low=1950, high=2100)
    row.status = _choice(row, "Status", text.get("status", ""), vocabulary.statuses, "ongoing")
    if row.start_year and row.end_year and row.end_year < row.start_year:
        row.errors.append("The end year cannot be before the start year.")
    if row.status == "completed" and row.start_year and not row.end_year:
        row.errors.append("A completed case study needs an end year.")
    row.people_reached = _number(row, "People reached", text.get("people_reached", ""), low=0, high=2_000_000_000)
    row.principles = _principles(row, named.get("principles", ""), vocabulary)
    for name in _items(named.get("organisations", "")):
        organisation = _lookup(row, "Organisation", _text(name), vocabulary.organisations, required=False)
        if organisation is not None and organisation not in row.organisations:
            row.organisations.append(organisation)
    row.contributors = _contributors(row, named.get("contributors", ""), vocabulary)
    row.tags = list(dict.fromkeys(_text(tag)[:100] for tag in _items(named.get("tags", ""))))
    if text.get("last_reviewed"):
        try:
            row.last_reviewed = date.fromisoformat(text["last_reviewed"][:10])
        except ValueError:
            row.errors.append(f"Last reviewed “{text['last_reviewed'][:20]}” is not a date (YYYY-MM-DD).")
    row.licence = _choice(row, "Licence", text.get("licence", ""), vocabulary.licences, "")
    row.body = text.get("body", "")
    row.impact_measures = _impact_measures(row, named.get("impact_measures"))
    return row


def check_rows(raw: list, vocabulary: Vocabulary, *, skip_keys=frozenset()) -> list[CaseStudyRow]:
    """Every row checked, including against each other (a slug or key used twice) and the site (a slug taken)."""
    rows, seen_slugs, seen_keys = [], {}, {}
    for number, values, problem in raw:
        if values is None:
            rows.append(CaseStudyRow(number=number, errors=[problem]))
            continue
        row = check_row(number, values, vocabulary)
        rows.append(row)
        if row.key in skip_keys:
            continue  # imported before an interruption: its slug is ours
        if row.slug and row.slug in seen_slugs:
            row.errors.append(f"Duplicate slug “{row.slug}”: row {seen_slugs[row.slug]} uses it too.")
        elif row.slug in vocabulary.existing_slugs:
            row.errors.append(f"Duplicate slug “{row.slug}”: a case study with this slug exists already.")
        if row.key and row.key in seen_keys and row.key != row.slug:
            row.errors.append(f"Duplicate import key “{row.key[:40]}”: row {seen_keys[row.key]} uses it too.")
        seen_slugs.setdefault(row.slug, number)
        seen_keys.setdefault(row.key, number)
    return rows
