"""Editors' report of search demand: what people searched for and did not find, as a page and a CSV."""

import csv

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.evidence import selectors

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPORT_ROWS = 200


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text  # a spreadsheet must not run it


def _rows(limit=None):
    demand = selectors.unmet_demand()
    if limit is not None:
        demand = demand[:limit]
    for row in demand:
        yield {**row, "filters_text": selectors.readable_filters(row["filters"])}


@permission_required("wagtailadmin.access_admin", raise_exception=True)
def unmet_demand_report(request):
    if request.GET.get("export") == "csv":
        response = HttpResponse(
            content_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="searched-not-found-{timezone.localdate():%Y-%m-%d}.csv"'
            },
        )
        writer = csv.writer(response)
        writer.writerow(["query", "filters", "searches", "case_studies_found", "last_searched"])
        for row in _rows():
            writer.writerow(
                [
                    _cell(row["query"]),
                    _cell(row["filters_text"]),
                    row["searches_made"],
                    row["most_found"],
                    row["last_searched"],
                ]
            )
        return response
    context = {
        "rows": list(_rows(REPORT_ROWS)),
        "days": selectors.DEMAND_DAYS,
        "few": selectors.FEW_CASE_STUDIES,
        "areas": selectors.most_searched_service_areas(),
        "page_title": "Searched for but not found",
        "header_icon": "search",
    }
    return render(request, "evidence/admin/unmet_demand.html", context)
