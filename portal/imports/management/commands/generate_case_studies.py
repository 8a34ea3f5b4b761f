"""Write a CSV of generated case studies (for the importer and the benchmarks); --import imports it too."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.imports.generators import case_studies_csv


class Command(BaseCommand):
    help = "Generate N case studies as an importable CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same rows and slugs")
        parser.add_argument("--out", default="generated-case-studies.csv")
        parser.add_argument("--import", dest="do_import", action="store_true", help="then import it")
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, count, seed, out, do_import, publish, batch_size, **options):
        path = Path(out)
        path.write_bytes(case_studies_csv(count, seed=seed))
        self.stdout.write(f"Wrote {count} case studies to {path}.")
        if do_import:
            flags = ["--publish"] if publish else []
            call_command("import_case_studies", str(path), *flags, batch_size=batch_size, stdout=self.stdout)
