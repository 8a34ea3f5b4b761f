"""The periodic schedule: jobs registered by the apps, checked at start-up, enqueued at their times."""

import time

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from portal.notifications import tasks as notification_tasks
from portal.worker import runner, schedule
from portal.worker.schedule import Job


def test_every_background_job_of_the_apps_is_on_the_schedule():
    names = {job.name for job in schedule.jobs()}

    assert {
        "search.replay_outbox",
        "notifications.immediate_emails",
        "notifications.daily_digest",
        "notifications.weekly_digest",
        "notifications.stale_claims",
        "worker.prune_task_results",
        "accounts.delete_unverified",
        "evidence.flush_search_counts",
        "evidence.saved_search_alerts",
    } <= names


def test_a_mistyped_crontab_line_fails_when_the_job_is_declared():
    with pytest.raises(ValueError, match="Wrong number of fields"):
        Job(name="tests.typo", task=notification_tasks.give_up_stale_claims, crontab="0 7 * *")


def test_a_job_needs_either_an_interval_or_a_crontab_line():
    with pytest.raises(ValueError, match="either seconds or a crontab"):
        Job(name="tests.neither", task=notification_tasks.give_up_stale_claims)


def test_a_name_is_taken_by_one_job_only():
    with pytest.raises(ValueError, match="already registered"):
        schedule.register(Job(name="search.replay_outbox", task=notification_tasks.give_up_stale_claims, seconds=5))


@pytest.mark.django_db(transaction=True)  # the scheduler's thread writes through its own connection
def test_the_scheduler_enqueues_catch_up_jobs_as_it_starts_and_the_worker_runs_them():
    scheduler = runner.start_scheduler()
    try:
        interval_jobs = {job.name for job in schedule.jobs() if job.seconds}
        queued = set()
        for _ in range(100):  # the scheduler thread enqueues them within moments
            queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
            if len(queued) >= len(interval_jobs):
                break
            time.sleep(0.05)
    finally:
        scheduler.shutdown(wait=True)

    assert "portal.search.tasks.replay_outbox" in queued
    assert "portal.notifications.tasks.send_immediate_emails" in queued
    call_command("run_worker", "--batch", verbosity=0)
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists()
