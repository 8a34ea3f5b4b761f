"""Saved-search alert benchmark: how long one run of the alert job takes for M saved searches over N case studies.

    eval "$(scripts/services.sh up)"
    .venv/bin/python bench/evidence/alerts.py --case-studies 20000 --saved-searches 10000 --changed 200

It loads N published case studies (bench/search's generator) and M saved searches of realistic
queries and filters, queues `--changed` case studies as published or changed since the last run,
then times `send_saved_search_alerts()` with Elasticsearch and again in PostgreSQL reduced mode.
Prints a table and writes bench/results/evidence-alerts-<time>.json. Uses a database of its own,
BENCH_DATABASE_URL (default: DATABASE_URL's server, database `portal_bench_evidence`, created and
migrated if needed) and indices under the prefix `bench-evidence`.
"""

import argparse
import json
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench-evidence"
DATABASE = "portal_bench_evidence"


def _bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres"):
        raise SystemExit('Set DATABASE_URL to PostgreSQL (eval "$(scripts/services.sh up)") or BENCH_DATABASE_URL.')
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            connection.execute(f"CREATE DATABASE {DATABASE}")
    return urllib.parse.urlunsplit(parts._replace(path="/" + DATABASE))


os.environ["DATABASE_URL"] = _bench_database_url()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.search.generate import OUTCOMES, PLACES, SERVICES, WHO, generate  # noqa: E402
from portal.evidence import alerts  # noqa: E402
from portal.evidence.models import AlertRun, CaseStudyChange, SavedSearch, SavedSearchHit  # noqa: E402
from portal.home.services import ensure_site_tree  # noqa: E402
from portal.notifications.models import Notification  # noqa: E402
from portal.practices import services as practices  # noqa: E402
from portal.practices.models import CaseStudyPage  # noqa: E402
from portal.search import client as es  # noqa: E402
from portal.search import services as search_services  # noqa: E402
from portal.taxonomy.models import ServiceArea  # noqa: E402

WORDS = SERVICES + WHO + OUTCOMES + PLACES


def prepare_case_studies(count: int) -> None:
    call_command("migrate", verbosity=0)
    tree = practices.ensure_practice_tree(home=ensure_site_tree())
    practices.load_demo_taxonomies()
    practices.load_demo_principles(tree=tree)
    have = CaseStudyPage.objects.filter(slug__startswith="bench-").count()
    if have < count:
        print(f"generating {count - have} case studies...", flush=True)
        started = time.perf_counter()
        generate(tree.case_studies, count - have)
        print(f"  {time.perf_counter() - started:.0f}s", flush=True)


def prepare_saved_searches(count: int, rng: random.Random) -> None:
    """`count` saved searches of bench members (one member per 2 searches), made afresh each run."""
    User = get_user_model()
    User.objects.filter(username__startswith="bench-alerts-").delete()
    members = User.objects.bulk_create(
        [User(username=f"bench-alerts-{n}", email=f"bench-alerts-{n}@example.org") for n in range(count // 2 + 1)]
    )
    areas = list(ServiceArea.objects.values_list("slug", flat=True))
    searches = []
    for n in range(count):
        filters = {}
        if rng.random() < 0.4:
            filters["service_area"] = [rng.choice(areas)]
        if rng.random() < 0.2:
            filters["evidence"] = [str(rng.randint(2, 4))]
        query = " ".join(rng.sample(WORDS, rng.randint(1, 2)))
        searches.append(
            SavedSearch(owner=members[n // 2], name=f"Search {n}", query=query, filters=filters, feed_token=f"b{n}")
        )
    SavedSearch.objects.bulk_create(searches, batch_size=2000)


def queue_changes(changed: int, rng: random.Random) -> None:
    """Start from a clean slate, then queue `changed` case studies as published since the last run."""
    SavedSearchHit.objects.all().delete()
    Notification.objects.filter(kind=alerts.ALERT_KIND).delete()
    CaseStudyChange.objects.all().delete()
    ids = list(CaseStudyPage.objects.filter(live=True).values_list("pk", flat=True))
    CaseStudyChange.objects.bulk_create(
        [CaseStudyChange(case_study_id=pk, is_first_publication=True) for pk in rng.sample(ids, min(changed, len(ids)))]
    )
    AlertRun.objects.update_or_create(pk=1, defaults={"last_change_id": 0})


def timed_run(batch_size: int) -> dict:
    started = time.perf_counter()
    stats = alerts.send_saved_search_alerts(batch_size=batch_size)
    return {**stats, "seconds": round(time.perf_counter() - started, 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case-studies", type=int, default=20000)
    parser.add_argument("--saved-searches", type=int, default=10000)
    parser.add_argument("--changed", type=int, default=200, help="case studies published or changed since the last run")
    parser.add_argument("--batch-size", type=int, default=alerts.BATCH_SIZE)
    parser.add_argument("--engines", default="elasticsearch,postgresql", help="which engines to time, comma-separated")
    args = parser.parse_args()
    rng = random.Random(20261130)

    prepare_case_studies(args.case_studies)
    print("indexing...", flush=True)
    search_services.rebuild_all()
    prepare_saved_searches(args.saved_searches, rng)
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "case_studies": CaseStudyPage.objects.filter(live=True).count(),
        "saved_searches": SavedSearch.objects.count(),
        "changed": args.changed,
        "batch_size": args.batch_size,
    }
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    url = settings.ELASTICSEARCH_URL
    for engine in engines:
        # Reduced mode is Elasticsearch not configured: PostgreSQL full-text search answers.
        settings.ELASTICSEARCH_URL = url if engine == "elasticsearch" else ""
        es.breaker.record_success()
        queue_changes(args.changed, rng)
        results[engine] = timed_run(args.batch_size)
    settings.ELASTICSEARCH_URL = url

    print(f"{'engine':<14}{'seconds':>9}{'searches':>10}{'batches':>9}{'alerts':>8}{'per search (ms)':>17}")
    for engine in engines:
        run = results[engine]
        per = 1000 * run["seconds"] / max(1, run["saved_searches"])
        print(
            f"{engine:<14}{run['seconds']:>9}{run['saved_searches']:>10}{run['batches']:>9}{run['alerts']:>8}{per:>17.2f}"
        )
    out = ROOT / "bench" / "results" / f"evidence-alerts-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
