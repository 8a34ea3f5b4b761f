"""Tell saved searches of case studies published or changed since the last run (daily, by the worker's scheduler)."""

from django.core.management.base import BaseCommand

from portal.evidence.alerts import BATCH_SIZE, send_saved_search_alerts


class Command(BaseCommand):
    help = "Match case studies published or changed since the last run against every saved search, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        stats = send_saved_search_alerts(batch_size=options["batch_size"])
        self.stdout.write(", ".join(f"{name}: {value}" for name, value in stats.items()))
