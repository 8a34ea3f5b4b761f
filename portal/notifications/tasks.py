"""The worker's notification tasks: emails at once, daily and weekly digests, stale claims."""

from django_tasks import task

from portal.notifications import services


@task()
def send_immediate_emails() -> int:
    """Send every email members want at once (notify() queues this; the schedule sweeps up what is left)."""
    return services.send_immediate_emails()


@task()
def send_digests(delivery: str) -> int:
    """Send the daily or weekly digests."""
    return services.send_digests(delivery=delivery)


@task()
def give_up_stale_claims() -> int:
    """Mark as failed the emails a stopped worker took and never reported."""
    return services.give_up_stale_claims()
