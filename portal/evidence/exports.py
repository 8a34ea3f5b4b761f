"""Evidence pack exports: citations streamed in RIS, BibTeX and CSL-JSON, and the PDF brief."""

from itertools import islice

from django.contrib.staticfiles import finders
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from portal.evidence import citations, selectors
from portal.practices.models import EvidenceLevel

BRIEF_MAX_CASE_STUDIES = 200  # a brief is read by people; a longer pack is better cited than printed
CONTENT_TYPES = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
CITATION_CHUNK = 100


def _filename(pack, extension: str) -> str:
    return f"{slugify(pack.name)[:60] or 'evidence-pack'}.{extension}"


def _citations(request, pack):
    accessed = timezone.localdate()
    for entry in selectors.pack_entries(pack):
        yield selectors.citation_for(entry["case_study"], absolute=request.build_absolute_uri, accessed=accessed)


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _stream(request, pack, fmt):
    records = _citations(request, pack)
    if fmt == "csl-json":
        yield "["
        first = True
        for chunk in _chunks(records, CITATION_CHUNK):
            yield ("" if first else ",") + "\n" + citations.csl_json(chunk)
            first = False
        yield "\n]\n"
        return
    writer = citations.ris if fmt == "ris" else citations.bibtex
    for chunk in _chunks(records, CITATION_CHUNK):
        yield writer(chunk) + "\n"


def response(request, pack, fmt: str):
    """The pack as a download: citations stream as they are read, the brief is built whole."""
    if fmt == "pdf":
        return brief_response(request, pack)
    content_type, extension = CONTENT_TYPES[fmt]
    stream = StreamingHttpResponse(_stream(request, pack, fmt), content_type=content_type)
    stream["Content-Disposition"] = f'attachment; filename="{_filename(pack, extension)}"'
    stream["X-Robots-Tag"] = "noindex"
    return stream


def brief_html(request, pack) -> str:
    """The brief as HTML, which WeasyPrint lays out as PDF."""
    accessed = timezone.localdate()
    entries = []
    for entry in selectors.pack_entries(pack, limit=BRIEF_MAX_CASE_STUDIES):
        case_study = entry["case_study"]
        entries.append(
            {
                **entry,
                "citation": selectors.citation_for(case_study, absolute=request.build_absolute_uri, accessed=accessed),
                "evidence_label": EvidenceLevel(case_study.evidence_level).label,
            }
        )
    total = selectors.item_count(pack)
    return render_to_string(
        "evidence/brief.html",
        {
            "pack": pack,
            "entries": entries,
            "total": total,
            "left_out": max(0, total - len(entries)),
            "evidence_levels": EvidenceLevel.choices,
            "today": accessed,
            "site_name": citations.site_name(),
        },
    )


def brief_pdf(request, pack) -> bytes:
    """The PDF brief of a pack."""
    from weasyprint import CSS, HTML  # imported on demand: it loads Pango, which most requests never need

    stylesheet = CSS(filename=finders.find("css/brief.css"))
    return HTML(string=brief_html(request, pack), base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )


def brief_response(request, pack):
    pdf = brief_pdf(request, pack)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(pack, "pdf")}"', "X-Robots-Tag": "noindex"},
    )
