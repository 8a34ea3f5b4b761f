"""Search benchmark: load N case studies, rebuild, then measure the portal's search against Elasticsearch itself.

Open-loop load: requests are sent at fixed arrival rates whatever the previous ones are doing, and
each latency is measured from the moment the request was due, so queueing shows up in the figures.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/search/run.py --count 20000 --duration 60

Prints a table and writes bench/results/search-<time>.json. Uses a database of its own,
BENCH_DATABASE_URL (default: DATABASE_URL's server with the database `portal_bench`, created and
migrated if needed), so the generated pages never land in a database people work in, and indices
under the prefix `bench`. `--prepare-only` generates the pages and stops.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench"


def _bench_database_url() -> str:
    import urllib.parse

    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres"):
        raise SystemExit('Set DATABASE_URL to PostgreSQL (eval "$(scripts/services.sh env)") or BENCH_DATABASE_URL.')
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = 'portal_bench'").fetchone():
            connection.execute("CREATE DATABASE portal_bench")
    return urllib.parse.urlunsplit(parts._replace(path="/portal_bench"))


os.environ["DATABASE_URL"] = _bench_database_url()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import QueryDict  # noqa: E402
from elasticsearch import helpers  # noqa: E402

from bench.search.generate import generate  # noqa: E402
from portal.home.services import ensure_site_tree  # noqa: E402
from portal.practices import services as practices  # noqa: E402
from portal.practices.models import CaseStudyPage  # noqa: E402
from portal.search import client as es  # noqa: E402
from portal.search import elastic, services  # noqa: E402
from portal.search.documents import index_for  # noqa: E402
from portal.search.forms import parse_search_request  # noqa: E402
from portal.search.registry import indexed_type  # noqa: E402

SEARCH_QUERY = "?q=recycling+residents&service_area={area}&sort=relevance"
SUGGEST_QUERY = "?q=recycl"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else None


def summarise(latencies, failures):
    return {
        "requests": len(latencies) + failures,
        "failures": failures,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
    }


def open_loop(call, rate, duration, warmup):
    """Fire `call` at `rate` per second for warmup+duration seconds; keep latencies after the warm-up."""
    latencies, failures, lock = [], [0], threading.Lock()
    start = time.perf_counter() + 0.2
    total = int((warmup + duration) * rate)

    def one(due, measured):
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            ok = call()
        except Exception:
            ok = False
        elapsed = time.perf_counter() - due
        if measured:
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures[0] += 1

    with ThreadPoolExecutor(max_workers=min(256, int(rate * 5) + 8)) as pool:
        for i in range(total):
            due = start + i / rate
            pool.submit(one, due, i >= warmup * rate)
    return summarise(latencies, failures[0])


def http_ok(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.loads(response.read())
        return response.status == 200 and not body.get("reduced_mode", False)


def prepare(count):
    call_command("migrate", verbosity=0)
    home = ensure_site_tree()
    tree = practices.ensure_practice_tree(home=home)
    practices.load_demo_taxonomies()
    practices.load_demo_principles(tree=tree)
    have = CaseStudyPage.objects.filter(slug__startswith="bench-").count()
    if have < count:
        print(f"generating {count - have} case studies...", flush=True)
        started = time.perf_counter()
        generate(tree.case_studies, count - have)
        print(f"  {time.perf_counter() - started:.0f}s", flush=True)


def time_rebuilds():
    indexed = indexed_type("case-studies")
    started = time.perf_counter()
    result = services.rebuild(indexed=indexed)
    rebuild_seconds = time.perf_counter() - started
    documents = [
        document
        for chunk in services._chunks(indexed.queryset().order_by("pk").iterator(chunk_size=500), 500)
        for _, document in indexed.documents(chunk)
    ]
    client = es.get_bulk_client()
    bare = "bench-bare-bulk"
    if client.indices.exists(index=bare):
        client.indices.delete(index=bare)
    index_for(indexed.document, bare).create(using=client)
    started = time.perf_counter()
    helpers.bulk(client, ({"_index": bare, "_source": doc} for doc in documents), chunk_size=500)
    client.indices.refresh(index=bare)
    bulk_seconds = time.perf_counter() - started
    client.indices.delete(index=bare)
    return {
        "documents": result["loaded"],
        "rebuild_seconds": round(rebuild_seconds, 2),
        "rebuild_docs_per_second": round(result["loaded"] / rebuild_seconds),
        "bare_bulk_seconds": round(bulk_seconds, 2),
        "bare_bulk_docs_per_second": round(len(documents) / bulk_seconds),
        "rebuild_vs_bulk_throughput": round((result["loaded"] / rebuild_seconds) / (len(documents) / bulk_seconds), 2),
        "note": "rebuild reads and serializes from PostgreSQL; the bare bulk sends ready documents",
    }


def start_server(port):
    # Production settings (DEBUG=0), minus HTTPS: the figures should be what a deployment sees.
    env = {
        **os.environ,
        "ELASTICSEARCH_INDEX_PREFIX": "bench",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("daphne did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--rates", default="5,20,50")
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--parts", default="rebuild,latency,swap", help="any of rebuild, latency, swap")
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    rates = [float(rate) for rate in args.rates.split(",")]
    parts = set(args.parts.split(","))

    prepare(args.count)
    if args.prepare_only:
        return
    call_command("search_index", "rebuild", "--no-progress", verbosity=0)
    results = {
        "count": args.count,
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "latency": {},
    }
    if "rebuild" in parts:
        results["rebuild"] = time_rebuilds()
        print(json.dumps(results["rebuild"], indent=2), flush=True)

    area = "waste-and-environment"
    params = QueryDict(SEARCH_QUERY.format(area=area)[1:])
    # Exactly the request body the endpoint sends for this query (facets, highlights, suggester).
    direct_search = elastic.build_search(parse_search_request(params))
    direct_body = direct_search.to_dict()
    direct_client = es.get_client(timeout=10)
    aliases = ",".join(elastic.aliases())
    server = start_server(args.port)
    base = f"http://127.0.0.1:{args.port}"
    targets = {
        "api_search": lambda: http_ok(base + "/api/search/" + SEARCH_QUERY.format(area=area)),
        "direct_es": lambda: bool(direct_client.search(index=aliases, body=direct_body, **direct_search._params)),
        "suggest": lambda: http_ok(base + "/search/suggest/" + SUGGEST_QUERY),
    }
    try:
        if "latency" in parts:
            for rate in rates:
                for name, call in targets.items():
                    figures = open_loop(call, rate, args.duration, args.warmup)
                    results["latency"][f"{name}@{rate:g}"] = figures
                    print(f"{name:<11} {rate:>5g}/s  {figures}", flush=True)
        if "swap" in parts:
            results["during_alias_swaps"] = searches_during_swaps(targets["api_search"], max(args.duration, 20))
    finally:
        server.terminate()
    results["load_average_at_end"] = os.getloadavg()

    report(results)
    out = ROOT / "bench" / "results" / f"search-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out}")


def searches_during_swaps(search, duration):
    """10 searches a second through the portal while the case-study alias swaps again and again."""
    stop, swaps = threading.Event(), []

    def rebuild_loop():
        while not stop.is_set():
            swaps.append(services.rebuild(indexed=indexed_type("case-studies"))["index"])

    rebuilder = threading.Thread(target=rebuild_loop)
    rebuilder.start()
    figures = open_loop(search, 10, duration, 0)
    stop.set()
    rebuilder.join()
    return {**figures, "alias_swaps": len(swaps)}


def _row(label, figures):
    cells = [figures["requests"], figures["failures"], figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]]
    return f"{label:<22}" + "".join(f"{cell!s:>9}" for cell in cells)


def report(results):
    print("\n" + f"{'target':<22}" + "".join(f"{h:>9}" for h in ("requests", "fail", "p50 ms", "p95 ms", "p99 ms")))
    for name, figures in results["latency"].items():
        print(_row(name, figures))
    if "during_alias_swaps" in results:
        swaps = results["during_alias_swaps"]
        print(_row("api during swaps @10", swaps) + f"   ({swaps['alias_swaps']} swaps)")
    for rate in sorted({key.split("@")[1] for key in results["latency"]}, key=float):
        api, direct, sug = (results["latency"].get(f"{n}@{rate}") for n in ("api_search", "direct_es", "suggest"))
        if api and direct and api["p95_ms"] and direct["p95_ms"]:
            print(f"\nat {rate}/s: endpoint p95 / direct p95 = {api['p95_ms'] / direct['p95_ms']:.2f} (target <= 1.5)")
            print(f"at {rate}/s: suggest p95 / endpoint p95 = {sug['p95_ms'] / api['p95_ms']:.2f} (target <= 0.5)")
    if "rebuild" in results:
        rebuild = results["rebuild"]
        print(f"rebuild throughput / bare bulk = {rebuild['rebuild_vs_bulk_throughput']} (target >= 0.5)")


if __name__ == "__main__":
    main()
