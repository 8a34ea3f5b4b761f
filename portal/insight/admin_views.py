"""The insight report in the admin: what is read, trending, searched and contributed, with CSV downloads."""

import csv
import logging

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from portal.insight import charts, registry, selectors, services
from portal.insight.forms import TABLE_KINDS, InsightReportForm

logger = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS = 10


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text  # a spreadsheet must not run it


def _flush_quietly() -> None:
    # The report shows views and searches up to now: store what the counters hold (the worker does it
    # every 5 minutes anyway).
    for flush in (services.flush_view_counts, registry.search_terms_flush()):
        if flush is None:
            continue
        try:
            flush()
        except Exception as exc:  # a Redis away leaves the report with what is stored
            logger.warning("The insight report could not flush a counter: %s", exc)


def _viewed_section(kind, period, today):
    if kind.name == "topic":
        rows = selectors.trending(kind.name, today=today, limit=ROWS)
        heading = f"Trending topics (last {selectors.TRENDING_DAYS} days)"
    else:
        rows = selectors.most_read(kind.name, period, limit=ROWS)
        heading = f"Most read {kind.label.lower()}, {period.label}"
    chart = charts.ranked_bars(
        [(row["title"], row["views"]) for row in rows], summary=f"{heading}: the table beside gives each one's views."
    )
    return {"name": kind.name, "heading": heading, "rows": rows, "chart": chart, "trending": kind.name == "topic"}


def report_context(period, today) -> dict:
    """Everything the report page shows, for one period."""
    searches = selectors.search_terms(period, limit=ROWS * 2)
    contributions = selectors.contributions_per_week(today=today)
    return {
        "period": period,
        "totals": selectors.views_by_kind(period),
        "sections": [_viewed_section(kind, period, today) for kind in registry.kinds()],
        "searches": searches,
        "searches_chart": charts.ranked_bars(
            [(row["query"], row["searches"]) for row in searches[:ROWS]],
            summary=f"Most searched terms, {period.label}: the table beside gives each one's searches.",
        ),
        "contributions": [
            {
                "series": series,
                "chart": charts.weekly_columns(
                    series.weeks, summary=f"{series.label} per week: the table below gives each week's count."
                ),
            }
            for series in contributions
        ],
        "weeks": [
            (monday, [series.weeks[index][1] for series in contributions])
            for index, (monday, _) in enumerate(contributions[0].weeks if contributions else [])
        ],
    }


def _csv(name, period, context):
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="insight-{name}-{period.start:%Y-%m}.csv"'},
    )
    writer = csv.writer(response)
    if name == "search-terms":
        writer.writerow(["search term", "searches", "most case studies found"])
        for row in selectors.search_terms(period, limit=1000):
            writer.writerow([_cell(row["query"]), row["searches"], row["found"]])
    elif name == "contributions":
        writer.writerow(["week beginning", *(item["series"].label for item in context["contributions"])])
        for monday, counts in context["weeks"]:
            writer.writerow([monday.isoformat(), *counts])
    else:
        kind = registry.kind(TABLE_KINDS[name])
        if kind is None:
            return HttpResponseBadRequest("Nothing of that kind is counted.", content_type="text/plain; charset=utf-8")
        rows = (
            selectors.trending(kind.name, limit=1000)
            if kind.name == "topic"
            else selectors.most_read(kind.name, period, limit=1000)
        )
        headings = (
            ["title", "url", "views (last 7 days)", "views (7 days before)"]
            if kind.name == "topic"
            else [
                "title",
                "url",
                f"views ({period.label})",
            ]
        )
        writer.writerow(headings)
        for row in rows:
            extra = [row["earlier"]] if kind.name == "topic" else []
            writer.writerow([_cell(row["title"]), row["url"], row["views"], *extra])
    return response


@permission_required("wagtailadmin.access_admin", raise_exception=True)
def insight_report(request):
    form = InsightReportForm(request.GET)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    _flush_quietly()
    period = selectors.month_period(form.cleaned_data["month"], today=today)
    context = report_context(period, today)
    export = form.cleaned_data["export"]
    if export:
        return _csv(export, period, context)
    context.update(
        {
            "page_title": "Insight: what is read and searched",
            "header_icon": "view",
            "months": selectors.recent_months(today),
            "chosen_month": f"{period.start:%Y-%m}",
        }
    )
    return render(request, "insight/admin/report.html", context)
