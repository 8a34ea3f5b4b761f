"""`manage.py run_worker`: run queued background tasks and the periodic schedule (compose's worker service)."""

import logging

from django.core.management.base import BaseCommand

from portal.worker import runner, schedule


class Command(BaseCommand):
    help = "Run queued background tasks and the periodic schedule until stopped; --batch runs what is queued, once."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the tasks queued now, then exit")
        parser.add_argument("--no-schedule", action="store_true", help="run queued tasks only, no periodic jobs")
        parser.add_argument("--interval", type=float, default=runner.POLL_SECONDS, help="seconds between polls")

    def handle(self, *args, batch, no_schedule, interval, verbosity, **options):
        if verbosity > 0:
            logging.getLogger("portal.worker").setLevel(logging.INFO)
            logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        if batch:
            ran = runner.run_ready_tasks()
            self.stdout.write(f"Ran {ran} task{'s' if ran != 1 else ''}.")
            return
        if not no_schedule:
            for job in schedule.jobs():
                when = f"every {job.seconds} s" if job.seconds else job.crontab
                self.stdout.write(f"periodic: {job.name} ({when})")
        self.stdout.flush()
        runner.run_forever(interval=interval, with_schedule=not no_schedule)
