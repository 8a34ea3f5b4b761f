"""Insight's periodic work, run by the worker's schedule."""

from django_tasks import task

from portal.insight import services


@task()
def flush_view_counts() -> int:
    """Move the views counted in Redis into the daily totals."""
    return services.flush_view_counts()
