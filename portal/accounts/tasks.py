"""The accounts app's periodic work, run by the worker's schedule."""

from django_tasks import task

from portal.accounts import services


@task()
def delete_unverified_accounts() -> int:
    """Delete the accounts whose email address was never verified in time (UNVERIFIED_ACCOUNT_DAYS)."""
    return services.delete_unverified_accounts()
