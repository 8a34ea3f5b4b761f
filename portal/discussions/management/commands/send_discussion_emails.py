"""Send queued emails to members who want each new comment at once (the worker of DISCUSSION_EMAILS_FROM_WORKER)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.discussions import notifications


class Command(BaseCommand):
    help = "Send queued follower emails for new comments; with --loop, keep sending every few seconds."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="run until stopped")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between runs with --loop")

    def handle(self, *args, loop, interval, **options):
        while True:
            sent = notifications.send_immediate_emails()
            if not loop:
                self.stdout.write(f"Sent {sent} email{'s' if sent != 1 else ''}.")
                return
            close_old_connections()
            if sent == 0:
                time.sleep(interval)
