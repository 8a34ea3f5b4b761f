"""Digest benchmark: 10 000 members with 100 000 notifications waiting for the daily digest.

1. Time `send_digests(delivery="daily")` over all of them and count its queries per batch of members
   (it must be the same for every batch).
2. Do it again in a worker process that is killed (SIGKILL) a third of the way in, then restarted: no member may get
   two digests; the digests of the batch the killed worker had claimed are never sent (at most once) and
   `give_up_stale_claims` marks them failed.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/notifications/digest.py                          # 10 000 members, 100 000 notices
    .venv/bin/python bench/notifications/digest.py --members 1000 --notifications 10000   # a quick look

Uses a database of its own (BENCH_DATABASE_URL, default: DATABASE_URL's server with `portal_bench_digest`),
emails counted into a file by bench/notifications/backend.py. Prints a table and writes
bench/results/digest-<time>.json.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.notifications.settings"
BENCH_DB = "portal_bench_digest"
PREFIX = "digest-bench-"


def _bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres"):
        raise SystemExit('Set DATABASE_URL (PostgreSQL): eval "$(scripts/services.sh env)".')
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


os.environ["DATABASE_URL"] = _bench_database_url()
os.environ.setdefault("BENCH_MAIL_LOG", str(Path(tempfile.gettempdir()) / "portal-bench-digest-mail.log"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.notifications import services  # noqa: E402
from portal.notifications.models import Delivery, EmailState, Notification  # noqa: E402

KIND = "discussions.comment"


def prepare(members: int, notifications: int) -> None:
    """Fresh members and notices (bulk: no signals, no profiles; digests fall back to the username)."""
    User = get_user_model()
    User.objects.filter(username__startswith=PREFIX).delete()
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{n}", email=f"{PREFIX}{n}@example.org") for n in range(members)], batch_size=5000
    )
    now = timezone.now()
    rows = (
        Notification(
            recipient_id=users[n % members].pk,
            kind=KIND,
            title=f"Someone commented on topic {n % 97}",
            text="A comment of about the length members write, repeated a little. " * 3,
            target_url=f"/discussions/forum/topic-{n % 97}/#c{n}",
            created_at=now - timedelta(seconds=n),
            delivery=Delivery.DAILY,
            email_state=EmailState.PENDING,
        )
        for n in range(notifications)
    )
    Notification.objects.bulk_create(rows, batch_size=5000)


def timed_run(batch: int) -> dict:
    """Send every daily digest in this process; the queries of each batch counted through the digest's loop."""
    per_batch, started = [], time.perf_counter()
    sent = 0
    while True:
        with CaptureQueriesContext(connection) as captured:
            # One batch at a time, through the same service the worker calls.
            count = services.send_digests(delivery=Delivery.DAILY, batch=batch, max_batches=1)
        if not count:
            break
        sent += count
        per_batch.append(len(captured))
    return {"seconds": round(time.perf_counter() - started, 2), "digests": sent, "queries_per_batch": per_batch}


WORKER = """
import os, sys
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.notifications.settings"
import django
django.setup()
from portal.notifications import services
print(services.send_digests(delivery="daily", batch={batch}), flush=True)
"""


def crash_run(batch: int, kill_after: float) -> dict:
    """A worker killed mid-run, then a fresh one: nobody gets two digests."""
    log = Path(os.environ["BENCH_MAIL_LOG"])
    log.write_text("")
    code = WORKER.format(root=str(ROOT), batch=batch)
    first = subprocess.Popen([sys.executable, "-c", code], env=os.environ.copy())
    deadline = time.monotonic() + 120
    while first.poll() is None and time.monotonic() < deadline:  # kill it once it is well into the run
        if len(log.read_text().splitlines()) >= kill_after:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    emailed_before_restart = len(log.read_text().splitlines())
    second = subprocess.run([sys.executable, "-c", code], env=os.environ.copy(), capture_output=True, text=True)
    recipients = Counter(log.read_text().splitlines())
    stuck = Notification.objects.filter(email_state=EmailState.SENDING).values("recipient").distinct().count()
    failed = services.give_up_stale_claims(older_than=timedelta(0))
    return {
        "killed_after_digests": kill_after,
        "digests_before_the_kill": emailed_before_restart,
        "digests_after_restart": int((second.stdout or "0").strip() or 0),
        "members_emailed_twice": sum(1 for count in recipients.values() if count > 1),
        "members_whose_claimed_digest_was_dropped": stuck,
        "notices_marked_failed": failed,
        "pending_left": Notification.objects.filter(email_state=EmailState.PENDING).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--notifications", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=services.EMAIL_BATCH)
    parser.add_argument("--kill-after", type=int, default=None, help="digests sent (default: a third of the members)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    prepare(args.members, args.notifications)
    setup_seconds = round(time.perf_counter() - started, 1)
    timed = timed_run(args.batch)
    assert len(set(timed["queries_per_batch"])) == 1, f"queries differ between batches: {timed['queries_per_batch']}"

    prepare(args.members, args.notifications)
    crash = crash_run(args.batch, args.kill_after or max(1, args.members // 3))
    assert crash["members_emailed_twice"] == 0

    result = {
        "members": args.members,
        "notifications": args.notifications,
        "batch": args.batch,
        "setup_seconds": setup_seconds,
        "timed": {
            **timed,
            "queries_per_batch": sorted(set(timed["queries_per_batch"])),
            "batches": len(timed["queries_per_batch"]),
        },
        "crash": crash,
    }
    print(f"{args.members} members, {args.notifications} notices, batches of {args.batch} members")
    print(
        f"  digests sent        {timed['digests']} in {timed['seconds']} s "
        f"({timed['digests'] / max(timed['seconds'], 0.001):.0f}/s)"
    )
    print(f"  queries per batch   {result['timed']['queries_per_batch']} over {result['timed']['batches']} batches")
    print(
        f"  killed mid-run      {crash['digests_before_the_kill']} sent, then {crash['digests_after_restart']} "
        f"after restart; {crash['members_emailed_twice']} members emailed twice; "
        f"{crash['members_whose_claimed_digest_was_dropped']} claimed digests dropped (marked failed)"
    )
    out = ROOT / "bench" / "results" / f"digest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
