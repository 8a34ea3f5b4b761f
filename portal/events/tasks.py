"""Events' background work: the day-before reminders, run by the worker's schedule."""

from django_tasks import task

from portal.events import services


@task()
def send_reminders() -> int:
    return services.send_reminders()


@task()
def mark_ended() -> int:
    return services.mark_ended()
