"""Delete accounts whose email address was never verified (the worker's schedule runs this daily)."""

from django.core.management.base import BaseCommand

from portal.accounts.services import delete_unverified_accounts


class Command(BaseCommand):
    help = "Delete accounts never verified within UNVERIFIED_ACCOUNT_DAYS days of signing up."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override UNVERIFIED_ACCOUNT_DAYS.")

    def handle(self, *args, days=None, **options):
        deleted = delete_unverified_accounts(older_than_days=days)
        self.stdout.write(f"Deleted {deleted} unverified account{'s' if deleted != 1 else ''}.")
