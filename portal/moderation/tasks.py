"""The worker's moderation tasks."""

from django_tasks import task

from portal.moderation import emails, services


@task()
def lift_expired_suspensions() -> int:
    """Let back in the members whose suspension period is over."""
    return services.lift_expired_suspensions()


@task()
def run_bulk_decision(decision_id: int) -> dict:
    """Apply a moderator's decision on many queue items, batch by batch."""
    decision = services.run_bulk_decision(decision_id=decision_id)
    return {
        "decision": decision.pk,
        "state": decision.state,
        "done": decision.done_count,
        "failed": decision.failed_count,
    }


@task()
def resume_stalled_bulk_decisions() -> int:
    """Queue again the bulk decisions whose worker died while running them."""
    return services.resume_stalled_bulk_decisions()


@task()
def send_takedown_acknowledgement(request_id: int) -> bool:
    """Tell someone who asked for a take-down that their request arrived, and what happens next."""
    return emails.send_acknowledgement(request_id=request_id)


@task()
def send_takedown_outcome(request_id: int) -> bool:
    """Tell someone who asked for a take-down what the editors decided."""
    return emails.send_outcome(request_id=request_id)
