"""View-counting benchmark: does counting views slow an uncached case study page? (target: counting on
serves at least 0.95 times the requests per second of counting off).

The machine is shared and loaded, so two long runs, one per mode, mostly measure how busy the machine
was at the time. This run interleaves many short bursts instead, on and off in pairs (ABBA order, so
neither mode always goes first), and reports the median of the pairs' on/off ratios with its spread: the
drift that falls on both halves of a pair cancels in its ratio.

Toggles (`--toggle`):
- `user-agent` (default): the same daphne processes (`--servers`, all with counting on) serve both modes;
  an "off" burst sends a crawler's user agent, which the counter leaves out after its (cached) user-agent
  check, so the only difference between the modes is counting's own work: the Redis increment.
- `servers`: two identical daphne processes, one with INSIGHT_COUNT_VIEWS=1 and one with 0.

With `--interleave request` (user-agent toggle only) every burst mixes the modes instead: each client
alternates on and off request by request, and a burst's ratio compares the modes' mean latency, at the
same moments under the same load; the closest pairing this machine allows.

Every burst is a fixed amount of work (`--clients` keep-alive clients, `--requests` pages each), timed
from its start to its last answer. The page-fragment cache is off (PAGE_CACHE_SECONDS=0), so every
request renders the page. The views counted in Redis are checked against the "on" requests answered.

    eval "$(scripts/services.sh up)"
    .venv/bin/python bench/insight/run.py                     # 2 minutes of pairs (about 2.5 minutes in all)
    .venv/bin/python bench/insight/run.py --minutes 10        # a longer run: a narrower interval
    .venv/bin/python bench/insight/run.py --interleave request   # on and off request by request
    .venv/bin/python bench/insight/run.py --toggle servers    # counting switched by the setting instead

Uses a database of its own (BENCH_DATABASE_URL, default DATABASE_URL's server with the database
`portal_bench_insight`, migrated and given the demo content on first use) and Redis from REDIS_URL,
whose view counter it empties: never point it at a live site's Redis.
Prints a table and writes bench/results/insight-<time>.json.
"""

import argparse
import http.client
import json
import os
import random
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
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


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


class Clients:
    """`count` keep-alive clients, each on one server (round robin), reused from burst to burst."""

    def __init__(self, ports: list[int], count: int):
        self.ports = [ports[index % len(ports)] for index in range(count)]
        self.connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port in self.ports]

    def burst(self, path: str, user_agent: str, requests: int) -> dict:
        """Each client asks for the page `requests` times; requests per second from start to last answer."""
        done, failed = [0] * len(self.ports), [0] * len(self.ports)

        def client(index):
            for _ in range(requests):
                connection = self.connections[index]
                try:
                    connection.request("GET", path, headers={"User-Agent": user_agent, "Accept": "text/html"})
                    response = connection.getresponse()
                    response.read()
                    if response.status == 200:
                        done[index] += 1
                    else:
                        failed[index] += 1
                except (OSError, http.client.HTTPException):
                    failed[index] += 1
                    connection.close()
                    self.connections[index] = http.client.HTTPConnection("127.0.0.1", self.ports[index], timeout=60)

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(index,)) for index in range(len(self.ports))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return {"requests": sum(done), "failed": sum(failed), "seconds": elapsed, "rps": sum(done) / elapsed}

    def mixed_burst(self, path: str, agents: dict[str, str], requests: int) -> dict:
        """Each client asks `requests` times, alternating the modes' user agents request by request (half the
        clients start with each), so both modes meet the same load at the same moments. Per mode: answers,
        summed latency, and the requests per second that latency means at this concurrency."""
        modes = list(agents)
        latency = {mode: [0.0] * len(self.ports) for mode in modes}
        done = {mode: [0] * len(self.ports) for mode in modes}
        failed = [0] * len(self.ports)

        def client(index):
            for number in range(requests):
                mode = modes[(number + index) % len(modes)]
                connection = self.connections[index]
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers={"User-Agent": agents[mode], "Accept": "text/html"})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    failed[index] += 1
                    connection.close()
                    self.connections[index] = http.client.HTTPConnection("127.0.0.1", self.ports[index], timeout=60)
                    continue
                if response.status == 200:
                    latency[mode][index] += time.perf_counter() - started
                    done[mode][index] += 1
                else:
                    failed[index] += 1

        threads = [threading.Thread(target=client, args=(index,)) for index in range(len(self.ports))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = {"failed": sum(failed)}
        for mode in modes:
            answered, seconds = sum(done[mode]), sum(latency[mode]) / len(self.ports)
            result[mode] = {
                "requests": answered,
                "failed": 0,
                "seconds": seconds,
                "rps": answered / seconds if seconds else 0.0,
            }
        result[modes[0]]["failed"] = result.pop("failed")
        return result

    def close(self):
        for connection in self.connections:
            connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median_interval(values: list[float], resamples: int = 2000, seed: int = 17) -> tuple[float, float]:
    """A bootstrap 95 % interval of the median."""
    chooser = random.Random(seed)
    medians = [statistics.median(chooser.choices(values, k=len(values))) for _ in range(resamples)]
    return percentile(medians, 0.025), percentile(medians, 0.975)


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
    parser.add_argument("--toggle", choices=["user-agent", "servers"], default="user-agent")
    parser.add_argument("--minutes", type=float, default=2.0, help="time for the pairs of bursts")
    parser.add_argument("--max-pairs", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=3, help="pages each client asks for in a burst")
    parser.add_argument("--servers", type=int, default=2, help="identical daphne processes (user-agent toggle)")
    parser.add_argument(
        "--interleave",
        choices=["burst", "request"],
        default="burst",
        help="burst: on and off bursts in pairs; request: every burst alternates on and off request by request",
    )
    parser.add_argument("--port", type=int, default=8095)
    args = parser.parse_args()
    if args.interleave == "request" and args.toggle != "user-agent":
        parser.error("--interleave request needs the user-agent toggle (both modes on the same servers)")

    path = prepare()
    load_before = os.getloadavg()[0]
    redis = counters.redis_client()
    redis.delete(views.key)
    if args.toggle == "servers":
        processes = [start_server(args.port, True), start_server(args.port + 1, False)]
        modes = {
            "on": (Clients([args.port], args.clients), BROWSER),
            "off": (Clients([args.port + 1], args.clients), BROWSER),
        }
    else:
        ports = [args.port + index for index in range(args.servers)]
        processes = [start_server(port, True) for port in ports]
        shared = Clients(ports, args.clients)
        modes = {"on": (shared, BROWSER), "off": (shared, CRAWLER)}
    pairs = []
    try:
        for clients, user_agent in modes.values():  # warm up: templates, per-process caches, connections
            for _ in range(3):
                clients.burst(path, user_agent, args.requests)
        redis.delete(views.key)
        deadline = time.monotonic() + args.minutes * 60
        while time.monotonic() < deadline and len(pairs) < args.max_pairs:
            if args.interleave == "request":
                pair = shared.mixed_burst(path, {"on": BROWSER, "off": CRAWLER}, 2 * args.requests)
            else:
                order = ("on", "off") if len(pairs) % 2 == 0 else ("off", "on")
                pair = {mode: modes[mode][0].burst(path, modes[mode][1], args.requests) for mode in order}
            pair["ratio"] = pair["on"]["rps"] / pair["off"]["rps"] if pair["off"]["rps"] else 0.0
            pairs.append(pair)
            if len(pairs) % 10 == 0:
                recent = statistics.median(p["ratio"] for p in pairs[-10:])
                print(f"{len(pairs):4d} pairs, median ratio of the last ten {recent:.3f}", flush=True)
    finally:
        for clients, _ in modes.values():
            clients.close()
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
    counted = views.pending()
    redis.delete(views.key)
    ratios = [pair["ratio"] for pair in pairs]
    low, high = median_interval(ratios)
    answered = {mode: sum(pair[mode]["requests"] for pair in pairs) for mode in ("on", "off")}
    seconds = {mode: sum(pair[mode]["seconds"] for pair in pairs) for mode in ("on", "off")}
    cost_us = counting_cost(path)
    summary = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "toggle": args.toggle,
        "interleave": args.interleave,
        "path": path,
        "servers": 2 if args.toggle == "servers" else args.servers,
        "clients": args.clients,
        "requests_per_client_per_burst": args.requests,
        "pairs": len(pairs),
        "median_ratio_on_off": round(statistics.median(ratios), 3),
        "median_ratio_95_interval": [round(low, 3), round(high, 3)],
        "ratio_quartiles": [round(percentile(ratios, 0.25), 3), round(percentile(ratios, 0.75), 3)],
        "ratio_min_max": [round(min(ratios), 3), round(max(ratios), 3)],
        "pooled_rps": {mode: round(answered[mode] / seconds[mode], 1) for mode in answered},
        "failed": sum(pair[mode]["failed"] for pair in pairs for mode in ("on", "off")),
        "views_counted": counted,
        "requests_answered_with_counting_on": answered["on"],
        "count_view_microseconds": round(cost_us, 1),
        "load_average_1min_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "cpus": os.cpu_count(),
        "pairs_detail": pairs,
    }
    print(f"\nuncached case study {path}, {len(pairs)} pairs ({args.toggle} toggle, {args.interleave} interleave)")
    print(
        f"median ratio on/off {summary['median_ratio_on_off']:.3f} (95 % interval {low:.3f} to {high:.3f}; "
        f"quartiles {summary['ratio_quartiles'][0]:.3f} to {summary['ratio_quartiles'][1]:.3f}); target ≥ 0.95"
    )
    pooled = summary["pooled_rps"]
    print(f"pooled req/s: on {pooled['on']}, off {pooled['off']}; {summary['failed']} failed")
    print(f"views counted in Redis: {counted} of {answered['on']} requests answered with counting on")
    print(f"one count_view() call: {cost_us:.0f} µs")
    print(f"load average (1 min) before, after: {summary['load_average_1min_before_after']}, {os.cpu_count()} CPUs")
    out = ROOT / "bench" / "results" / f"insight-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
