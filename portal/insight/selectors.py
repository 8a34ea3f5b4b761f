"""Insight's reads: most read and trending things, weekly contributions and search terms, for the admin."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from portal.insight import registry
from portal.insight.models import DailyViews

TRENDING_DAYS = 7
CONTRIBUTION_WEEKS = 12


@dataclass(frozen=True)
class Period:
    """The days a report covers, first and last included."""

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_period(month: date | None = None, today: date | None = None) -> Period:
    """A calendar month (this month by default) up to today at most."""
    today = today or timezone.localdate()
    start = (month or today).replace(day=1)
    next_month = (start + timedelta(days=32)).replace(day=1)
    return Period(start=start, end=min(next_month - timedelta(days=1), today), label=f"{start:%B %Y}")


def _described(kind: registry.ViewedKind, totals: list[tuple[int, int]], limit: int) -> list[dict]:
    """Name the things counted; those that no longer exist or are no longer shown are left out."""
    described = kind.describe([object_id for object_id, _ in totals])
    rows = []
    for object_id, views in totals:
        if object_id in described:
            title, url = described[object_id]
            rows.append({"object_id": object_id, "title": title, "url": url, "views": views})
        if len(rows) == limit:
            break
    return rows


def most_read(kind_name: str, period: Period, limit: int = 10) -> list[dict]:
    """The things of a kind read most in a period, with their views, most first."""
    kind = registry.kind(kind_name)
    if kind is None:
        return []
    totals = (
        DailyViews.objects.filter(kind=kind_name, day__range=(period.start, period.end))
        .values("object_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "object_id")
        .values_list("object_id", "total")[: limit * 2]
    )
    return _described(kind, list(totals), limit)


def trending(kind_name: str, today: date | None = None, days: int = TRENDING_DAYS, limit: int = 10) -> list[dict]:
    """The things of a kind read most in the last `days` days, with the days before for comparison."""
    kind = registry.kind(kind_name)
    if kind is None:
        return []
    today = today or timezone.localdate()
    recent_start, earlier_start = today - timedelta(days=days - 1), today - timedelta(days=2 * days - 1)
    rows = DailyViews.objects.filter(kind=kind_name, day__range=(earlier_start, today)).values_list(
        "object_id", "day", "views"
    )
    recent, earlier = {}, {}
    for object_id, day, views in rows:
        bucket = recent if day >= recent_start else earlier
        bucket[object_id] = bucket.get(object_id, 0) + views
    ranked = sorted(recent.items(), key=lambda item: (-item[1], -(item[1] - earlier.get(item[0], 0)), item[0]))
    result = _described(kind, ranked[: limit * 2], limit)
    for row in result:
        row["earlier"] = earlier.get(row["object_id"], 0)
        row["change"] = row["views"] - row["earlier"]
    return result


def views_by_kind(period: Period) -> list[dict]:
    """Total views of each registered kind in a period."""
    totals = dict(
        DailyViews.objects.filter(day__range=(period.start, period.end))
        .values("kind")
        .annotate(total=Sum("views"))
        .values_list("kind", "total")
    )
    return [{"name": kind.name, "label": kind.label, "views": totals.get(kind.name, 0)} for kind in registry.kinds()]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class WeeklySeries:
    name: str
    label: str
    weeks: list[tuple[date, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.weeks)


def contributions_per_week(today: date | None = None, weeks: int = CONTRIBUTION_WEEKS) -> list[WeeklySeries]:
    """Each registered contribution series counted per week (Monday to Sunday), the last `weeks` weeks."""
    today = today or timezone.localdate()
    first = monday_of(today) - timedelta(weeks=weeks - 1)
    mondays = [first + timedelta(weeks=n) for n in range(weeks)]
    result = []
    for series in registry.series():
        counts = series.count(first, today)
        result.append(
            WeeklySeries(name=series.name, label=series.label, weeks=[(day, counts.get(day, 0)) for day in mondays])
        )
    return result


def search_terms(period: Period, limit: int = 20) -> list[dict]:
    """The most searched terms of a period, with how many searches and what they found, most first."""
    reader = registry.search_terms_reader()
    return reader(period.start, period.end, limit) if reader else []


def weekly_counts(queryset, date_field: str, start: date, end: date) -> dict[date, int]:
    """Rows of a queryset counted per week (its Monday) by a date or date-time field: for apps' series."""
    from django.db.models import Count
    from django.db.models.functions import TruncWeek

    rows = (
        queryset.filter(**{f"{date_field}__date__range": (start, end)})
        .annotate(week=TruncWeek(date_field))
        .values("week")
        .annotate(count=Count("pk"))
        .values_list("week", "count")
    )
    result = {}
    for week, count in rows:
        week = timezone.localdate(week) if hasattr(week, "hour") else week
        result[week] = result.get(week, 0) + count
    return result


def recent_months(today: date | None = None, count: int = 12) -> list[tuple[str, str]]:
    """The last `count` months as (value, label) for the report's month picker, this month first."""
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(count):
        months.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return months
