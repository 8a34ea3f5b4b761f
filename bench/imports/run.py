"""Import benchmark: generate N case studies as an editor's CSV, import them in batches, report the rate.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/imports/run.py --count 3000                 # a few minutes' look (the figure here)
    .venv/bin/python bench/imports/run.py --count 100000 --fresh       # the issue's full run (target < 20 min)
    .venv/bin/python bench/imports/run.py --network 50000,200000,500,1000000   # then the large network too

Uses a database of its own, BENCH_DATABASE_URL (default: DATABASE_URL's server with the database
`portal_bench_imports`, created and migrated if needed); `--fresh` drops and recreates it first so the
figure is for an empty site. The rate is measured per batch, so a run's first and last thousands show
whether it slows as the tree grows. The pages' search outbox rows are written with them; the search
table takes them after the import (the worker's catch-up task), timed separately. Elasticsearch is
left out (ELASTICSEARCH_URL is emptied): pushing to it is the search benchmark's. Writes
bench/results/imports-<time>.json.
"""

import argparse
import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["ELASTICSEARCH_URL"] = ""  # the outbox rows are written; pushing them is search's benchmark
DATABASE = "portal_bench_imports"


def _bench_database_url(fresh: bool) -> str:
    """BENCH_DATABASE_URL, or DATABASE_URL's server with `portal_bench_imports`; created (or recreated) here."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
        if not parts.scheme.startswith("postgres"):
            raise SystemExit(
                'Set DATABASE_URL to PostgreSQL (eval "$(scripts/services.sh env)") or BENCH_DATABASE_URL.'
            )
        url = urllib.parse.urlunsplit(parts._replace(path=f"/{DATABASE}"))
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--drafts", action="store_true", help="import drafts (default: published pages)")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument(
        "--network", help="also generate members,follows,topics,comments, e.g. 50000,200000,500,1000000"
    )
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = _bench_database_url(args.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from portal.imports.generators import case_studies_csv, generate_network
    from portal.imports.services import catch_up_search_index, import_from_bytes, run_import
    from portal.practices.models import CaseStudyPage

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not CaseStudyPage.objects.exists():
        call_command("load_demo_content", "--force", verbosity=0)
    setup_s = time.monotonic() - started
    before = CaseStudyPage.objects.count()

    network = None
    if args.network:
        members, follows, topics, comments = (int(n) for n in args.network.split(","))
        t0 = time.monotonic()
        network = generate_network(members=members, follows=follows, topics=topics, comments=comments, seed=args.seed)
        network["seconds"] = round(time.monotonic() - t0, 1)
        print(f"network: {network}")

    t0 = time.monotonic()
    data = case_studies_csv(args.count, seed=args.seed)
    generate_s = time.monotonic() - t0
    job = import_from_bytes(data=data, file_format="csv", publish=not args.drafts, all_or_nothing=True)
    marks = []

    def progress(done, total):
        marks.append((done, time.monotonic()))

    t0 = time.monotonic()
    job = run_import(job=job, batch_size=args.batch_size, progress=progress)
    import_s = time.monotonic() - t0
    if job.status != "done":
        raise SystemExit(f"import {job.pk} ended {job.status}: {job.error} {job.report[:3]}")
    rate = args.count / import_s
    first = marks[0][0] / (marks[0][1] - t0) if marks else rate
    last_span = marks[-1][1] - marks[-2][1] if len(marks) > 1 else import_s
    last = (marks[-1][0] - marks[-2][0]) / last_span if len(marks) > 1 else rate
    t0 = time.monotonic()
    caught_up = catch_up_search_index()  # what the worker does once the import ends
    index_s = time.monotonic() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "count": args.count,
        "already_there": before,
        "batch_size": args.batch_size,
        "published": not args.drafts,
        "setup_seconds": round(setup_s, 1),
        "generate_csv_seconds": round(generate_s, 1),
        "import_seconds": round(import_s, 1),
        "per_second": round(rate, 1),
        "first_batch_per_second": round(first, 1),
        "last_batch_per_second": round(last, 1),
        "minutes_for_100000_at_this_rate": round(100_000 / rate / 60, 1),
        "search_table_catch_up_seconds": round(index_s, 1),
        "search_table_stored": caught_up["stored"],
        "load_average": os.getloadavg(),
        "database_mb": round(size / 1024 / 1024),
        "network": network,
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"imports-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
