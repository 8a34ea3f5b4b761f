"""The worker's own housekeeping: finished task results are kept for a while, then pruned."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

KEEP_RESULTS_DAYS = 14


@task()
def prune_task_results() -> int:
    """Delete the results of tasks that finished more than two weeks ago; returns how many."""
    cutoff = timezone.now() - timedelta(days=KEEP_RESULTS_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
