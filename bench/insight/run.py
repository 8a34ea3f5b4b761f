"""View-counting benchmark: an uncached case study page's requests per second with counting on and off.

Two daphne processes serve the same database, one with INSIGHT_COUNT_VIEWS=1 and one with 0, both with
the page-fragment cache off (PAGE_CACHE_SECONDS=0), so every request renders the page. Rounds alternate
between them (on, off, on, off, ...) so drift on a shared machine falls on both; each round runs
`--clients` keep-alive clients for `--seconds` with a browser's user agent (crawlers are not counted).
The figure is the ratio of the median requests per second, on / off (target: at least 0.95). The
counted views in Redis are checked against the requests the counting server answered.

    eval "$(scripts/services.sh up)"
    .venv/bin/python bench/insight/run.py                              # the full run: 8 rounds of 20 s
    .venv/bin/python bench/insight/run.py --rounds 4 --seconds 10      # a quick look (about 2 minutes)

Uses a database of its own (BENCH_DATABASE_URL, default DATABASE_URL's server with the database
`portal_bench_insight`, migrated and given the demo content on first use) and Redis from REDIS_URL,
whose view counter it empties: never point it at a live site's Redis.
Prints a table and writes bench/results/insight-<time>.json.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
BENCH_DB = "portal_bench_insight"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit('Set DATABASE_URL (PostgreSQL) and REDIS_URL: eval "$(scripts/services.sh up)".')
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


os.environ["DATABASE_URL"] = _bench_database_url()
os.environ.pop("ELASTICSEARCH_URL", None)  # the page does not search; keep Elasticsearch out of the figure

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from portal.insight import counters  # noqa: E402
from portal.insight.counting import views  # noqa: E402


def prepare() -> str:
    """Migrate and load the demo content (both idempotent); the path of a live case study."""
    from portal.practices.models import CaseStudyPage

    call_command("migrate", verbosity=0)
    if not CaseStudyPage.objects.live().exists():
        call_command("load_demo_content", verbosity=0)
    case_study = CaseStudyPage.objects.live().order_by("pk").first()
    return urllib.parse.urlsplit(case_study.full_url).path


def start_server(port: int, counting: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "1",
        "INSIGHT_COUNT_VIEWS": "1" if counting else "0",
        "PAGE_CACHE_SECONDS": "0",
        "WORKER_IN_PROCESS": "0",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("daphne did not start")


def run_round(port: int, path: str, clients: int, seconds: float) -> dict:
    """`clients` keep-alive clients request the page for `seconds`; requests per second and failures."""
    done, failed = [0] * clients, [0] * clients
    deadline = time.monotonic() + seconds

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", path, headers={"User-Agent": BROWSER, "Accept": "text/html"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done[index] += 1
                else:
                    failed[index] += 1
            except (OSError, http.client.HTTPException):
                failed[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": sum(done), "failed": sum(failed), "rps": sum(done) / elapsed}


def counting_cost(path: str, calls: int = 2000) -> float:
    """Microseconds one `count_view()` takes in this process (user-agent check and one Redis HINCRBY)."""
    from django.test import RequestFactory

    from portal.insight.counting import count_view

    request = RequestFactory(HTTP_USER_AGENT=BROWSER).get(path)
    started = time.perf_counter()
    for _ in range(calls):
        count_view(request, kind="bench", object_id=0)
    cost = (time.perf_counter() - started) / calls * 1e6
    views.flush(lambda items: None)  # drop the bench's own counts
    return cost


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8, help="rounds per mode, alternating")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of a round")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8095)
    args = parser.parse_args()

    path = prepare()
    load_before = os.getloadavg()[0]
    client = counters.redis_client()
    client.delete(views.key)
    servers = {"on": start_server(args.port, True), "off": start_server(args.port + 1, False)}
    ports = {"on": args.port, "off": args.port + 1}
    results = {"on": [], "off": []}
    try:
        for mode in ports:  # warm both: templates, per-process caches, connections
            run_round(ports[mode], path, args.clients, 2)
        client.delete(views.key)
        for index in range(args.rounds):
            for mode in ("on", "off") if index % 2 == 0 else ("off", "on"):
                result = run_round(ports[mode], path, args.clients, args.seconds)
                results[mode].append(result)
                print(
                    f"round {index + 1} {mode:>3}: {result['rps']:7.1f} req/s ({result['failed']} failed), "
                    f"{views.pending()} views counted so far",
                    flush=True,
                )
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=20)
    counted = views.pending()
    client.delete(views.key)
    median = {mode: statistics.median(r["rps"] for r in results[mode]) for mode in results}
    cost_us = counting_cost(path)
    answered_on = sum(r["requests"] for r in results["on"])
    summary = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "path": path,
        "clients": args.clients,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "median_rps_counting_on": round(median["on"], 1),
        "median_rps_counting_off": round(median["off"], 1),
        "ratio_on_off": round(median["on"] / median["off"], 3),
        "views_counted": counted,
        "count_view_microseconds": round(cost_us, 1),
        "page_milliseconds_counting_off": round(1000 * args.clients / median["off"], 1),
        "load_average_1min_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "cpus": os.cpu_count(),
        "requests_answered_with_counting_on": answered_on,
        "rounds_detail": results,
    }
    print(f"\nuncached case study {path}: counting on {median['on']:.1f} req/s, off {median['off']:.1f} req/s")
    print(f"ratio on/off: {summary['ratio_on_off']:.3f} (target ≥ 0.95)")
    print(f"views counted in Redis: {counted} of {answered_on} requests answered with counting on")
    print(f"one count_view() call: {cost_us:.0f} µs, against {summary['page_milliseconds_counting_off']} ms per page")
    print(f"load average (1 min) before, after: {summary['load_average_1min_before_after']}, {os.cpu_count()} CPUs")
    out = ROOT / "bench" / "results" / f"insight-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
