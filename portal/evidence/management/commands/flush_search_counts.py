"""Move the searches counted in Redis into the database (run every few minutes by the worker's scheduler)."""

from django.core.management.base import BaseCommand

from portal.evidence.demand import flush_search_counts


class Command(BaseCommand):
    help = "Store counted searches (search terms, demand report) in the database in batches."

    def handle(self, *args, **options):
        stored = flush_search_counts()
        self.stdout.write(f"Stored {stored} searches.")
