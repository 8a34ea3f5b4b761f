"""Search pages and API: parse, ask the selectors, render. Bad input is a 400 with a message."""

import csv
import json
from dataclasses import replace

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from portal.links import absolute_url
from portal.page_cache import cache_for_visitors
from portal.practices import indexing as practices_indexing
from portal.search import selectors
from portal.search.forms import parse_search_request
from portal.search.gap_map import evidence_gap_map
from portal.search.openapi import openapi_document
from portal.search.results import FACET_LABELS, SORTS, BadSearchRequest
from portal.search.signals import searched

EXPORT_CAP = 1000
EXPORT_FIELDS = ["kind", "title", "url", "summary", "service_area", "region", "evidence_level", "year"]
# A cell a spreadsheet would run as a formula (=, +, -, @, tab, return) is written as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _search_request(request, paged: bool = True):
    parsed = parse_search_request(request.GET, paged=paged, query_string=request.META.get("QUERY_STRING", ""))
    # What the searcher may find besides the public: the topics of the private groups they belong to.
    return replace(parsed, readable=selectors.readable_keys(request.user))


def _for_this_searcher(response, searched_with):
    """An answer that may hold a private group's topics is this member's alone: no shared cache keeps it.
    `searched_with` is the SearchRequest, or the keys themselves."""
    if getattr(searched_with, "readable", searched_with):
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def _result_json(hit: dict) -> dict:
    return {
        **{key: hit.get(key) for key in EXPORT_FIELDS},
        "id": hit["id"],
        "highlights": hit.get("highlights", []),
        "published_at": hit.get("published_at"),
    }


def _results_json(results) -> dict:
    return {
        "query": results.request.q,
        "filters": results.request.filters,
        "sort": results.request.sort,
        "page": results.request.page,
        "size": results.request.size,
        "pages": results.pages,
        "total": results.total,
        "reduced_mode": bool(results.reduced_mode),
        "notice": f"Search is in reduced mode: {results.reduced_mode}." if results.reduced_mode else "",
        "did_you_mean": results.suggestion,
        "partial": results.partial,
        "corrected_from": results.corrected_from,
        "totals_by_type": results.totals_by_type,
        "promotions": results.promotions,
        "results": [_result_json(hit) for hit in results.hits],
        "facets": results.facets,
    }


@require_GET
def search_page(request):
    try:
        search_request = _search_request(request)
    except BadSearchRequest as error:
        return render(
            request, "search/search.html", {"error": str(error), "q": request.GET.get("q", "")[:500]}, status=400
        )
    results = None if search_request.is_empty else selectors.search(search_request)
    if results is not None:
        searched.send(sender=None, search=search_request, results=results)
    response = render(
        request,
        "search/search.html",
        {
            "search": results.request if results else search_request,
            "results": results,
            "q": results.request.q if results else search_request.q,
            "facet_labels": FACET_LABELS,
            "sorts": SORTS,
        },
    )
    return _for_this_searcher(response, search_request)


@require_GET
def search_api(request):
    try:
        search_request = _search_request(request)
    except BadSearchRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    results = selectors.search(search_request)
    searched.send(sender=None, search=search_request, results=results)
    return _for_this_searcher(JsonResponse(_results_json(results)), search_request)


@require_GET
def suggest_api(request):
    readable = selectors.readable_keys(request.user)
    response = JsonResponse({"suggestions": selectors.suggest(request.GET.get("q", ""), readable)})
    return _for_this_searcher(response, readable)


@require_GET
def export(request, fmt):
    try:
        search_request = _search_request(request, paged=False)
    except BadSearchRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    hits, total, reduced_mode = selectors.export_rows(search_request, EXPORT_CAP)
    # Exported rows leave the site: their links are absolute, to the site's public address.
    rows = [{**_result_json(hit), "url": absolute_url(hit.get("url") or "")} for hit in hits]
    truncated = total > len(rows)
    headers = {
        "X-Total-Count": str(total),
        "X-Export-Cap": str(EXPORT_CAP),
        "Content-Disposition": f'attachment; filename="portal-search.{fmt}"',
    }
    if reduced_mode:
        headers["X-Reduced-Mode"] = "1"
    if fmt == "json":
        body = {
            "total": total,
            "exported": len(rows),
            "cap": EXPORT_CAP,
            "truncated": truncated,
            "reduced_mode": bool(reduced_mode),
            "results": rows,
        }
        response = HttpResponse(json.dumps(body, indent=2), content_type="application/json", headers=headers)
        return _for_this_searcher(response, search_request)
    response = _for_this_searcher(HttpResponse(content_type="text/csv; charset=utf-8", headers=headers), search_request)
    columns = [*EXPORT_FIELDS, "published_at"]
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_spreadsheet_safe(row.get(key)) for key in columns])
    if truncated:
        writer.writerow([f"# exported {len(rows)} of {total} results; the export is capped at {EXPORT_CAP} rows"])
    return response


@cache_for_visitors
@require_GET
def evidence_map(request):
    return render(request, "search/evidence_map.html", {"map": evidence_gap_map()})


@require_GET
def evidence_map_csv(request):
    gap_map = evidence_gap_map()
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="evidence-gap-map.csv"'},
    )
    # One row per service area and principle: the count, the strongest level and how many at each level.
    writer = csv.writer(response)
    levels = [f"level_{n}" for n in practices_indexing.evidence_levels()]
    writer.writerow(["service_area", "principle", "case_studies", "strongest_level", *levels, "url"])
    for row in gap_map.rows:
        for cell in row["cells"]:
            writer.writerow(
                [
                    _spreadsheet_safe(row["service_area"].name),
                    _spreadsheet_safe(cell["principle"].title),
                    cell["count"],
                    cell["strongest"] or "",
                    *[count for _, count in cell["levels"]],
                    absolute_url(cell["url"]),
                ]
            )
    return response


@require_GET
def openapi_schema(request):
    return JsonResponse(openapi_document(absolute_url("/")))
