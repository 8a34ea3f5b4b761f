"""An email backend that appends each message's recipients to BENCH_MAIL_LOG, one line per email: several
processes (a worker killed mid-run, then its restart) write to the same file, so a second email shows."""

import os

from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        with open(os.environ["BENCH_MAIL_LOG"], "a", encoding="utf-8") as log:
            for message in email_messages:
                log.write(",".join(message.to) + "\n")
        return len(email_messages)
