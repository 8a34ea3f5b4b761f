"""Email the daily or weekly digest of discussions to the members who chose it (run from cron)."""

from django.core.management.base import BaseCommand

from portal.discussions import notifications
from portal.discussions.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly digest of new comments in followed discussions."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])

    def handle(self, *args, frequency, **options):
        sent = notifications.send_digests(frequency)
        self.stdout.write(f"Sent {sent} {frequency} digest{'s' if sent != 1 else ''}.")
