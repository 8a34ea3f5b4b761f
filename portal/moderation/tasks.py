"""The worker's moderation tasks."""

from django_tasks import task

from portal.moderation import services


@task()
def lift_expired_suspensions() -> int:
    """Let back in the members whose suspension period is over."""
    return services.lift_expired_suspensions()
