"""Pages at a hundred times the data: each page's query count and its p95 under an open-loop load.

    eval "$(scripts/services.sh env)"
    BENCH_DATABASE_URL=.../bench_scale .venv/bin/python bench/imports/run.py --count 100000 --fresh \
        --network 50000,200000,500,1000000                     # the data (a tenth: 5000,20000,50,100000)
    BENCH_DATABASE_URL=.../bench_scale .venv/bin/python bench/topology/scale.py --rate 4 --seconds 20

For each page (the trivial view as the baseline, the home page, the case study list, a case study, the
directory, a profile, the topic with the most comments, search, suggestions, the evidence gap map):
the number of database queries one anonymous request makes (Django's test client in this process,
after a first request warms the caches), then requests through HAProxy to two web processes at a
fixed arrival rate, whatever the earlier requests do (open loop: a slow answer does not slow the
load down, as wrk's closed loop does), and their p50, p95 and failures. Search answers from the
cluster (`--nodes`, indices under `--prefix`, as bench/topology/search_cluster.py left them).
Writes bench/results/topology-scale-<time>.json.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.topology.data import ROOT, setup_django

CLUSTER = "http://127.0.0.1:9301,http://127.0.0.1:9302,http://127.0.0.1:9303"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else None


def open_loop(url: str, rate: float, seconds: float, timeout: float = 30.0) -> dict:
    """GET `url` at `rate` a second for `seconds`: a thread per request, each started on its due time."""
    samples, lock = [], threading.Lock()

    def one(due):
        time.sleep(max(0.0, due - time.perf_counter()))
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        with lock:
            samples.append((ok, time.perf_counter() - due))

    start, threads = time.perf_counter() + 0.1, []
    for n in range(int(rate * seconds)):
        due = start + n / rate
        thread = threading.Thread(target=one, args=(due,), daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(max(0.0, due - time.perf_counter()))
    for thread in threads:
        thread.join(timeout + 5)
    latencies = [latency for ok, latency in samples if ok]
    return {
        "requests": len(samples),
        "failed": sum(1 for ok, _ in samples if not ok),
        "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(1000 * percentile(latencies, 95), 1) if latencies else None,
        "max_ms": round(1000 * max(latencies), 1) if latencies else None,
    }


def pages_to_measure() -> dict[str, str]:
    from django.db.models import Count

    from portal.discussions.models import Topic
    from portal.network.models import PractitionerProfile
    from portal.practices.models import CaseStudyPage

    case_study = CaseStudyPage.objects.live().order_by("-pk").first()
    profile = PractitionerProfile.objects.annotate(followers=Count("follower_links")).order_by("-followers").first()
    topic = Topic.objects.order_by("-reply_count", "pk").first()
    return {
        "trivial view (baseline)": "/bench/trivial/",
        "home page": "/",
        "case study list": "/case-studies/",
        "case study page": case_study.url,
        "directory": "/practitioners/",
        "profile (most followed)": f"/practitioners/{profile.slug}/",
        "topic (most comments)": topic.get_absolute_url(),
        "search": "/search/?q=recycling+residents",
        "suggestions": "/search/suggest/?q=recyc",
        "evidence gap map": "/evidence/",
    }


def query_counts(pages: dict[str, str]) -> dict[str, dict]:
    """Queries of one anonymous request per page, after a first one (caches warm, as on a live site)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client, counts = Client(), {}
    for name, path in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(path)
            cpu_ms = 1000 * (time.process_time() - started)
        counts[name] = {"status": response.status_code, "queries": len(captured), "cpu_ms": round(cpu_ms, 1)}
        print(f"{name:26} {path[:60]:60} {counts[name]}", flush=True)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=4.0, help="requests per second to each page")
    parser.add_argument("--seconds", type=float, default=20.0, help="load per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server", default="uvicorn", choices=["daphne", "uvicorn"])
    parser.add_argument("--nodes", default=CLUSTER, help="Elasticsearch nodes, comma-separated")
    parser.add_argument("--prefix", default="cluster", help="index prefix on the cluster")
    parser.add_argument("--pages", default="", help="only these pages (comma-separated names)")
    parser.add_argument("--queries-only", action="store_true", help="count queries, no load")
    parser.add_argument(
        "--page-cache",
        choices=["off", "on"],
        default="off",
        help="off (default): every page rendered, as for a signed-in member or just after a change; "
        "on: anonymous pages from the full-page cache",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    search_env = {
        "ELASTICSEARCH_URL": args.nodes,
        "ELASTICSEARCH_INDEX_PREFIX": args.prefix,
        "ELASTICSEARCH_REPLICAS": "1",
        "ELASTICSEARCH_TIMEOUT": "5",
        # Off: the pages' own fragment caches stay on, as in production; only whole pages are not kept.
        "PAGE_CACHE_WHOLE_PAGES": "1" if args.page_cache == "on" else "0",
    }
    setup_django(**search_env)
    from bench.topology.data import web_env
    from bench.topology.processes import start_topology
    from portal.network.models import Follow, PractitionerProfile
    from portal.practices.models import CaseStudyPage

    pages = pages_to_measure()
    if args.pages:
        pages = {name: path for name, path in pages.items() if name in args.pages.split(",")}
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "case_studies": CaseStudyPage.objects.live().count(),
        "profiles": PractitionerProfile.objects.count(),
        "follows": Follow.objects.count(),
        "rate_per_page": args.rate,
        "seconds_per_page": args.seconds,
        "server": args.server,
        "workers": args.workers,
        "page_cache": args.page_cache,
        "load_average_before": os.getloadavg(),
        "pages": pages,
        "queries": query_counts(pages),
        "open_loop": {},
    }
    if args.queries_only:
        return
    topology = start_topology(
        workers=args.workers,
        server=args.server,
        env=web_env(REDIS_URL=os.environ["REDIS_URL"], **search_env),
        log_dir=ROOT / "bench" / "results" / "topology-logs",
    )
    try:
        for name, path in pages.items():
            for _ in range(3):  # each process warms its caches and connections
                urllib.request.urlopen(topology.url + path, timeout=60).read()
            row = open_loop(topology.url + path, args.rate, args.seconds)
            results["open_loop"][name] = row
            print(f"{name:26} {row} load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        topology.stop()
    results["load_average_after"] = os.getloadavg()
    baseline = results["open_loop"].get("trivial view (baseline)", {}).get("p95_ms")
    sizes = f"{results['case_studies']} case studies, {results['profiles']} profiles, {results['follows']} follows"
    print(
        f"\n{sizes}; {args.rate:g} requests/s per page for {args.seconds:g} s, {args.workers} {args.server} processes"
    )
    print(f"{'page':26} {'queries':>8} {'cpu ms':>7} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7} {'p95/trivial':>12}")
    for name, row in results["open_loop"].items():
        count = results["queries"][name]
        ratio = f"{row['p95_ms'] / baseline:.1f}" if baseline and row["p95_ms"] else "-"
        print(
            f"{name:26} {count['queries']:>8} {count['cpu_ms']:>7} {row['p50_ms']!s:>8} {row['p95_ms']!s:>8} "
            f"{row['failed']:>7} {ratio:>12}"
        )
    out = ROOT / "bench" / "results" / f"topology-scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
