"""The evidence app's periodic work, run by the worker's schedule."""

from django_tasks import task

from portal.evidence.alerts import send_saved_search_alerts as send_alerts
from portal.evidence.demand import flush_search_counts as flush_counts


@task()
def flush_search_counts() -> int:
    """Move the searches counted in Redis into the database (search terms, the demand report)."""
    return flush_counts()


@task()
def send_saved_search_alerts() -> dict:
    """Tell saved searches of the case studies published or changed since the last run."""
    return send_alerts()
