"""Import case studies from a CSV or JSON file (the editors' export's columns), with a progress bar."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.imports.models import CaseStudyImport
from portal.imports.services import BATCH_SIZE, import_from_bytes, resume_import, run_import


class Command(BaseCommand):
    help = "Import case studies from a file; --resume ID continues an interrupted import without duplicates."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a .csv or .json file")
        parser.add_argument("--publish", action="store_true", help="publish the pages (default: drafts)")
        parser.add_argument("--good-rows-only", action="store_true", help="import the good rows when some are bad")
        parser.add_argument("--resume", type=int, metavar="ID", help="run import ID again, skipping rows it made")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--user", help="username recorded as the pages' owner and revisions' author")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, file=None, resume=None, batch_size=BATCH_SIZE, user=None, no_progress=False, **options):
        owner = get_user_model().objects.filter(username=user).first() if user else None
        if resume is not None:
            job = CaseStudyImport.objects.filter(pk=resume).first()
            if job is None:
                raise CommandError(f"There is no import {resume}.")
            job = resume_import(job=job, enqueue=False)
        elif file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file} is not a file.")
            job = import_from_bytes(
                data=path.read_bytes(),
                file_format="json" if path.suffix.lower() == ".json" else "csv",
                publish=options["publish"],
                all_or_nothing=not options["good_rows_only"],
                user=owner,
            )
        else:
            raise CommandError("Name a file to import, or --resume ID.")
        bar = None

        def progress(done, total):
            nonlocal bar
            if no_progress:
                return
            if bar is None:
                bar = tqdm(total=total, initial=0, unit="case studies", file=self.stderr._out)
            bar.update(done - bar.n)

        job = run_import(job=job, batch_size=batch_size, progress=progress)
        if bar is not None:
            bar.close()
        for entry in job.report[:50]:
            self.stderr.write(f"row {entry['row']}: {' '.join(entry['errors'])}")
        if len(job.report) > 50:
            self.stderr.write(f"... and {job.refused_rows - 50} more rows with problems.")
        self.stdout.write(
            f"Import {job.pk}: {job.get_status_display().lower()}; {job.imported_rows} imported, "
            f"{job.refused_rows} refused of {job.total_rows} rows. {job.error}".strip()
        )
        if job.status == "failed":
            raise CommandError(f"Resume with: manage.py import_case_studies --resume {job.pk}")
