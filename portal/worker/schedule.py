"""The periodic schedule: each app registers its jobs from its `apps.py ready()`; the worker runs them.

A job names a django-tasks task; at each of its times the scheduler enqueues that task and the worker
runs it like any other. Every periodic task must be safe to run twice (two workers, or a restart right
after a run, may both enqueue one slot).
"""

from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger


@dataclass(frozen=True)
class Job:
    """A task enqueued every `seconds` (also once as the worker starts), or at the times of a crontab line."""

    name: str
    task: object  # a django-tasks Task
    seconds: int | None = None
    crontab: str = ""
    kwargs: tuple[tuple[str, object], ...] = ()

    def __post_init__(self):
        if (self.seconds is None) == (not self.crontab):
            raise ValueError(f"{self.name}: give either seconds or a crontab line")
        if self.crontab:
            CronTrigger.from_crontab(self.crontab)  # a typo fails at start-up, not at 7 in the morning

    def trigger(self, timezone):
        if self.seconds is not None:
            return IntervalTrigger(seconds=self.seconds, timezone=timezone)
        return CronTrigger.from_crontab(self.crontab, timezone=timezone)

    @property
    def runs_at_start(self) -> bool:
        # Catch-up work (the outbox, queued emails) should not wait a whole interval after a restart.
        return self.seconds is not None


_jobs: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a periodic job (idempotent for the same job, an error for another one under a taken name)."""
    existing = _jobs.get(job.name)
    if existing is not None and existing != job:
        raise ValueError(f"Another periodic job is already registered as {job.name!r}")
    _jobs[job.name] = job
    return job


def jobs() -> list[Job]:
    """Every registered job, by name."""
    return sorted(_jobs.values(), key=lambda job: job.name)
