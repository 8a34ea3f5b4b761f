"""Runs the worker: the tasks queued in the database (django-tasks-db) and the periodic schedule (APScheduler).

`manage.py run_worker` runs both in a process of their own (compose's `worker` service). Under
`make run`, `InProcessWorker` runs them inside daphne, the tasks on daphne's event loop, so a task's
live broadcast reaches open pages through the in-memory channel layer.
"""

import asyncio
import logging
import sys

from apscheduler.schedulers.background import BackgroundScheduler
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from portal.worker import schedule

logger = logging.getLogger(__name__)
POLL_SECONDS = 1.0


def _enqueue(job_name: str) -> None:
    job = {job.name: job for job in schedule.jobs()}[job_name]
    try:
        job.task.enqueue(**dict(job.kwargs))
    except Exception:  # the database being away for a moment: the next slot tries again
        logger.warning("Could not enqueue the periodic job %s", job_name, exc_info=True)
    finally:
        close_old_connections()


def start_scheduler() -> BackgroundScheduler:
    """Start a thread that enqueues each registered periodic job at its times."""
    scheduler = BackgroundScheduler(
        timezone=settings.TIME_ZONE,
        # A worker that was down runs a missed slot once when it comes back, not once per missed slot.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )
    for job in schedule.jobs():
        options = {"next_run_time": timezone.now()} if job.runs_at_start else {}
        scheduler.add_job(
            _enqueue, job.trigger(settings.TIME_ZONE), args=[job.name], id=job.name, name=job.name, **options
        )
    scheduler.start()
    return scheduler


def make_worker(*, batch: bool, interval: float = POLL_SECONDS) -> Worker:
    """django-tasks-db's worker for every queue of the default backend."""
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_ready_tasks() -> int:
    """Run every task that is ready now, one at a time as the worker does, then return how many ran.

    Unlike the worker's own batch mode it leaves the database connection alone, so it also runs inside a
    transaction (a test's, or a caller's that just queued the tasks)."""
    worker = make_worker(batch=True)
    ready = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name)
    ran = 0
    while True:
        with exclusive_transaction(ready.db):
            task_result = ready.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1


def run_forever(*, interval: float = POLL_SECONDS, with_schedule: bool = True) -> None:
    """The worker process: run tasks as they are queued, and the schedule, until SIGTERM or Ctrl-C."""
    scheduler = start_scheduler() if with_schedule else None
    worker = make_worker(batch=False, interval=interval)
    worker.configure_signals()
    try:
        worker.run()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _run_batch_in_thread() -> int:
    close_old_connections()
    try:
        return run_ready_tasks()
    finally:
        close_old_connections()


class InProcessWorker:
    """ASGI wrapper that runs the worker inside the web server's own process and event loop (`make run`).

    Tasks run one batch at a time in a thread of the loop's executor; code in them that sends to the
    channel layer is carried back to this loop by asgiref, as it is for a sync view. It starts as soon
    as daphne's reactor runs, or on the first request under another server.
    """

    def __init__(self, application):
        self.application = application
        self._started = False
        if "daphne.server" in sys.modules:
            from twisted.internet import reactor

            # A delayed call runs once daphne's asyncio loop is running (startup triggers run before it).
            reactor.callLater(0, self.start)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        loop = asyncio.get_running_loop()
        self.scheduler = start_scheduler()
        self.task = loop.create_task(self._run_tasks())
        logger.info("Worker running in the web process: %s periodic jobs", len(schedule.jobs()))

    async def _run_tasks(self) -> None:
        run_batch = sync_to_async(_run_batch_in_thread, thread_sensitive=False)
        while True:
            try:
                ran = await run_batch()
            except Exception:
                logger.exception("The in-process worker failed; trying again")
                ran = 0
            if not ran:
                await asyncio.sleep(POLL_SECONDS)

    async def __call__(self, scope, receive, send):
        self.start()
        return await self.application(scope, receive, send)
