"""Generate members with profiles, follows, topics and threaded comments in bulk (benchmark data)."""

import time

from django.core.management.base import BaseCommand

from portal.imports.generators import generate_network


class Command(BaseCommand):
    help = "Generate a large network: 50,000 members, 200,000 follows, 500 topics, 1,000,000 comments by default."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=50_000)
        parser.add_argument("--follows", type=int, default=200_000)
        parser.add_argument("--topics", type=int, default=500)
        parser.add_argument("--comments", type=int, default=1_000_000)
        parser.add_argument(
            "--seed", type=int, default=0, help="usernames and slugs carry it: use a new one to add more"
        )

    def handle(self, members, follows, topics, comments, seed, **options):
        started = time.monotonic()
        last = {}

        def progress(stage, done):
            if done - last.get(stage, 0) >= 50_000 or stage == "topics":
                last[stage] = done
                self.stderr.write(f"{stage}: {done:,} ({time.monotonic() - started:.0f} s)")

        made = generate_network(
            members=members, follows=follows, topics=topics, comments=comments, seed=seed, progress=progress
        )
        elapsed = time.monotonic() - started
        self.stdout.write(", ".join(f"{count:,} {name}" for name, count in made.items()) + f" in {elapsed:.1f} s.")
