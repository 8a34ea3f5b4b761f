"""Elasticsearch as a three-node cluster that loses a node under a steady search load.

    ES_NODES=3 ES_PORT=9301 ES_TRANSPORT_PORT=9311 scripts/elasticsearch.sh start   # the cluster
    eval "$(scripts/services.sh env)"                                                # PostgreSQL, Redis
    .venv/bin/python bench/topology/search_cluster.py --rate 20 --duration 60

The portal's indices get one replica each (ELASTICSEARCH_REPLICAS=1) and are rebuilt on the cluster
(alias swap). Two web processes behind HAProxy, configured with all three nodes, answer searches at
a fixed rate through the balancer while node `--stop-node` is stopped after a third of the run and started
again a third later. Meanwhile a case study is edited and published every second: its index update goes
straight to the cluster or waits in the outbox, which is replayed afterwards; every edit must be
findable at the end. Then one more rebuild swaps the alias under the same load.

First, unless `--latency-seconds 0`, the portal's search p95 against Elasticsearch's own: the
judged set's queries in turn (`--queries mix`, or `broad` for one broad query) through the balancer,
then, for each query, exactly the requests the portal sent for it straight to the cluster.

Counts: failed searches (an error or a non-200), searches answered in reduced mode (the database's
fallback: it does not count as surviving), the cluster's status over time and how long it took to
be green again. Writes bench/results/topology-search-cluster-<time>.json.
"""

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.topology.data import ROOT, setup_django

CLUSTER = "http://127.0.0.1:9301,http://127.0.0.1:9302,http://127.0.0.1:9303"
PREFIX = "cluster"
QUERY = "/api/search/?q=recycling+residents&sort=relevance"  # broad: 10% of the case studies, two synonym sets
JUDGED = ROOT / "bench" / "search" / "judged_queries.json"


def query_mix() -> list[str]:
    """What people search for: the judged set's queries (topics, names, places, questions, misspellings)."""
    from urllib.parse import urlencode

    queries = [entry["q"] for entry in json.loads(JUDGED.read_text())["queries"]]
    return ["/api/search/?" + urlencode({"q": q}) for q in queries]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else None


class SearchLoad:
    """Open-loop searches through the balancer: one due every 1/rate seconds, whatever the others do."""

    def __init__(self, targets: list, rate: float):
        self.targets, self.rate = targets, rate  # URLs or calls, taken in turn
        self.samples: list[tuple[float, str, float]] = []  # (due, outcome, latency)
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def one(self, due: float, target) -> None:
        time.sleep(max(0.0, due - time.perf_counter()))
        try:
            if callable(target):
                target()
                outcome = "ok"
            else:
                with urllib.request.urlopen(target, timeout=10) as response:
                    body = json.loads(response.read())
                    outcome = "reduced" if body.get("reduced_mode") else "ok"
        except Exception as error:
            outcome = f"failed: {type(error).__name__} {getattr(error, 'code', '') or ''}".strip()
        with self.lock:
            self.samples.append((due, outcome, time.perf_counter() - due))

    def run(self) -> None:
        start, n, threads = time.perf_counter() + 0.1, 0, []
        while not self.stopping.is_set():
            due = start + n / self.rate
            thread = threading.Thread(target=self.one, args=(due, self.targets[n % len(self.targets)]), daemon=True)
            thread.start()
            threads.append(thread)
            n += 1
            time.sleep(max(0.0, due - time.perf_counter()))
        for thread in threads:
            thread.join(15)

    def summary(self, since: float = 0.0, until: float = float("inf")) -> dict:
        with self.lock:
            rows = [row for row in self.samples if since <= row[0] < until]
        latencies = [latency for _, outcome, latency in rows if outcome == "ok"]
        return {
            "searches": len(rows),
            "failed": sum(1 for _, outcome, _ in rows if outcome.startswith("failed")),
            "failures": dict(Counter(outcome for _, outcome, _ in rows if outcome.startswith("failed"))),
            "reduced_mode": sum(1 for _, outcome, _ in rows if outcome == "reduced"),
            "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
            "p95_ms": round(1000 * percentile(latencies, 95), 1) if latencies else None,
            "max_ms": round(1000 * max(latencies), 1) if latencies else None,
        }


def wait_for_idle_search(client, limit: float = 300.0) -> float:
    """Seconds until no node has a search running or queued: a phase must not inherit the last one's queue."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        pools = client.cat.thread_pool(thread_pool_patterns="search", h="active,queue", format="json")
        if all(int(pool["active"]) + int(pool["queue"]) == 0 for pool in pools):
            break
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def portal_calls(query: str) -> list[dict]:
    """The requests the portal's search endpoint sends to Elasticsearch for this query, as it sends them.

    A query may take more than one: a retry with any word when nothing has every word, and the
    checks and the search behind a "did you mean" correction.
    """
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from elastic_transport import Transport

    from portal.search import views

    calls, original = [], Transport.perform_request

    def recording(transport, method, target, *, body=None, headers=None, **options):
        calls.append({"method": method, "target": target, "body": body, "headers": headers})
        return original(transport, method, target, body=body, headers=headers, **options)

    request = RequestFactory().get(query)
    request.user = AnonymousUser()
    Transport.perform_request = recording
    try:
        views.search_api(request)
    finally:
        Transport.perform_request = original
    return calls


def measure_latency(base_url: str, rate: float, seconds: float, queries: list[str]) -> dict:
    """The portal's search p95 through the balancer against the same bodies sent straight to the cluster.

    Both phases take the queries in the same order. For each query the direct phase sends, one
    after the other, exactly the requests the portal sends for it (`portal_calls`), so the two
    differ only by the portal itself: the balancer, the web process, building and reading the bodies.
    """
    from portal.search import client as es

    direct_client = es.get_client(timeout=10)
    recorded = [portal_calls(query) for query in queries]

    def direct_call(calls: list[dict]):
        send = direct_client.transport.perform_request
        return lambda: [send(call.pop("method"), call.pop("target"), **call) for call in map(dict, calls)]

    figures = {"queries": len(queries), "elasticsearch_requests": sum(map(len, recorded))}
    for name, load in (
        ("direct", SearchLoad([direct_call(calls) for calls in recorded], rate)),
        ("portal", SearchLoad([base_url + query for query in queries], rate)),
    ):
        figures[f"{name}_waited_for_idle_cluster_s"] = wait_for_idle_search(direct_client)
        thread = threading.Thread(target=load.run)
        thread.start()
        time.sleep(seconds)
        load.stopping.set()
        thread.join()
        figures[name] = load.summary(since=load.samples[0][0] + 2 if load.samples else 0)  # 2 s warm-up
        print(f"{name:7} at {rate:g}/s: {figures[name]}", flush=True)
    if figures["portal"]["p95_ms"] and figures["direct"]["p95_ms"]:
        figures["p95_ratio"] = round(figures["portal"]["p95_ms"] / figures["direct"]["p95_ms"], 2)
    return {"rate": rate, "seconds": seconds, **figures}


def es_script(command: str, node: int, es_env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), command, str(node)], env=es_env, check=True)
    return time.perf_counter() - started


def watch_health(client, timeline: list, stopping: threading.Event) -> None:
    while not stopping.is_set():
        try:
            health = client.options(request_timeout=2).cluster.health()
            timeline.append((time.perf_counter(), health["status"], health["number_of_nodes"]))
        except Exception as exc:
            timeline.append((time.perf_counter(), f"error: {type(exc).__name__}", 0))
        stopping.wait(1.0)


def edit_and_publish(pages, number: int) -> tuple[str, bool]:
    """Publish a new revision of a case study with a word no other document has; whether it went straight in."""
    from portal.search.services import pending_rows

    page = pages[number % len(pages)].specific
    marker = f"clustermark{number}x"
    page.summary = f"{page.summary.split(' [')[0]} [{marker}]"
    page.save_revision().publish()
    return marker, not pending_rows().exists()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", default=CLUSTER, help="comma-separated node URLs")
    parser.add_argument("--rate", type=float, default=20.0, help="searches per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load around the node loss")
    parser.add_argument("--stop-node", type=int, default=1, help="which node (1-3) to stop")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-rate", type=float, default=20.0, help="rate of the portal-vs-direct comparison")
    parser.add_argument("--latency-seconds", type=float, default=20.0, help="0 skips the comparison")
    parser.add_argument("--timeout", type=float, default=1.0, help="ELASTICSEARCH_TIMEOUT of the web processes")
    parser.add_argument("--es-port", default="9301", help="HTTP port of node 1, for scripts/elasticsearch.sh")
    parser.add_argument("--es-transport-port", default="9311")
    parser.add_argument("--prefix", default=PREFIX, help="index prefix on the cluster")
    parser.add_argument("--no-rebuild", action="store_true", help="keep the indices of an earlier run")
    parser.add_argument("--latency-only", action="store_true", help="only the portal-vs-direct comparison")
    parser.add_argument(
        "--queries",
        choices=["mix", "broad"],
        default="mix",
        help="the comparison's queries: the judged set's, in turn, or only the broad one",
    )
    args = parser.parse_args()
    # A `timeout` or a kill still stops every process the run started (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    setup_django(ELASTICSEARCH_URL=args.nodes, ELASTICSEARCH_REPLICAS="1", ELASTICSEARCH_INDEX_PREFIX=args.prefix)
    # Each retry on another node is logged with its traceback: expected here, and not what we count.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
    from bench.topology.data import ensure_demo_content, web_env
    from bench.topology.processes import start_topology
    from portal.practices.models import CaseStudyPage
    from portal.search import client as es
    from portal.search import services
    from portal.search.registry import indexed_type, indexed_types

    case_studies = ensure_demo_content()
    client = es.get_bulk_client()
    if not args.no_rebuild:
        print(f"{case_studies} case studies; rebuilding every index on {args.nodes} with one replica", flush=True)
        started = time.perf_counter()
        # Elasticsearch only: the database's search table is kept current by the data's loaders.
        for indexed in indexed_types():
            print(f"  {indexed.name}: {services.rebuild(indexed=indexed)}", flush=True)
        services.sync()
        print(f"  rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        print(f"pushing what changed since the last rebuild: {services.sync()}", flush=True)
    client.cluster.health(wait_for_status="green", timeout="600s")
    client.indices.refresh(index=es.index_name("case-studies"))
    indexed = client.count(index=es.index_name("case-studies"))["count"]
    es_env = {**os.environ, "ES_NODES": "3", "ES_PORT": args.es_port, "ES_TRANSPORT_PORT": args.es_transport_port}

    topology = start_topology(
        workers=args.workers,
        env=web_env(
            REDIS_URL=os.environ["REDIS_URL"],
            ELASTICSEARCH_URL=args.nodes,
            ELASTICSEARCH_REPLICAS="1",
            ELASTICSEARCH_INDEX_PREFIX=args.prefix,
            ELASTICSEARCH_TIMEOUT=str(args.timeout),
        ),
    )
    try:
        queries = query_mix() if args.queries == "mix" else [QUERY]
        for query in [QUERY] * 5 + queries:  # each process compiles its first queries and opens its connections
            urllib.request.urlopen(topology.url + query, timeout=30).read()
        latency = (
            measure_latency(topology.url, args.latency_rate, args.latency_seconds, queries)
            if args.latency_seconds
            else {}
        )
    except BaseException:
        topology.stop()
        raise
    results = {
        "case_studies": case_studies,
        "case_studies_in_index": indexed,
        "load_average": os.getloadavg(),
        "latency_against_direct": latency,
        "nodes": args.nodes,
        "rate": args.rate,
        "duration_s": args.duration,
    }
    if args.latency_only:
        topology.stop()
        out = ROOT / "bench" / "results" / f"topology-search-latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        print(f"{indexed} case studies in the index; written to {out.relative_to(ROOT)}")
        return
    timeline, stopping = [], threading.Event()
    load = SearchLoad([topology.url + QUERY], args.rate)
    try:
        threading.Thread(target=watch_health, args=(client, timeline, stopping), daemon=True).start()
        loader = threading.Thread(target=load.run)
        started = time.perf_counter()
        loader.start()
        pages = list(CaseStudyPage.objects.live().order_by("pk")[:50])
        markers, straight = [], 0

        def edit_for(seconds: float) -> None:
            nonlocal straight
            until = time.perf_counter() + seconds
            while time.perf_counter() < until:
                marker, went_straight = edit_and_publish(pages, len(markers))
                markers.append(marker)
                straight += went_straight
                time.sleep(1.0)

        third = args.duration / 3
        edit_for(third)
        print(f"stopping node {args.stop_node}", flush=True)
        stopped_at = time.perf_counter()
        results["stop_seconds"] = round(es_script("stop-node", args.stop_node, es_env), 1)
        edit_for(third)
        print(f"starting node {args.stop_node}", flush=True)
        restarted_at = time.perf_counter()
        results["start_seconds"] = round(es_script("start-node", args.stop_node, es_env), 1)
        edit_for(third)
        load.stopping.set()
        loader.join()
        green = client.cluster.health(wait_for_status="green", timeout="180s")
        results["green_again_s_after_restart"] = round(time.perf_counter() - restarted_at, 1)
        results["final_status"] = green["status"]
        results["searches"] = {
            "before": load.summary(until=stopped_at),
            "node_down": load.summary(stopped_at, restarted_at),
            "node_back": load.summary(restarted_at),
            "all": load.summary(),
        }
        replay = services.sync()
        client.indices.refresh(index=es.index_name("case-studies"))
        # Edits go round the case studies: only each one's last edit must be in its document.
        latest = {number % len(pages): marker for number, marker in enumerate(markers)}
        missing = [
            marker
            for marker in latest.values()
            if not client.count(index=es.index_name("case-studies"), q=f"summary:{marker}")["count"]
        ]
        results["indexing"] = {
            "edits_published": len(markers),
            "case_studies_edited": len(latest),
            "pushed_at_once": straight,
            "replayed_from_outbox": replay["pushed"],
            "last_edits_missing_after_replay": len(missing),
        }

        # A rebuild with alias swap on the cluster, under the same load.
        swap_load = SearchLoad([topology.url + QUERY], args.rate)
        swap_loader = threading.Thread(target=swap_load.run)
        swap_loader.start()
        rebuilt = services.rebuild(indexed=indexed_type("case-studies"))
        time.sleep(2)
        swap_load.stopping.set()
        swap_loader.join()
        results["rebuild_with_alias_swap"] = {"index": rebuilt["index"], **swap_load.summary()}
        results["shards"] = client.cat.shards(
            index=f"{args.prefix}-*", format="json", h="index,shard,prirep,state,node"
        ).body
    finally:
        stopping.set()
        load.stopping.set()
        topology.stop()
    results["health_timeline"] = [(round(at - started, 1), status, nodes) for at, status, nodes in timeline]
    report(results)


def report(results):
    print(f"\n{results['case_studies']} case studies, {results['rate']:g} searches/s for {results['duration_s']:g} s")
    print(f"{'phase':12} {'searches':>9} {'failed':>7} {'reduced':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for phase, row in [*results["searches"].items(), ("rebuild", results["rebuild_with_alias_swap"])]:
        print(
            f"{phase:12} {row['searches']:>9} {row['failed']:>7} {row['reduced_mode']:>8} "
            f"{row['p50_ms']!s:>8} {row['p95_ms']!s:>8} {row['max_ms']!s:>8} {row.get('failures') or ''}"
        )
    latency = results["latency_against_direct"]
    if latency:
        portal, direct = latency["portal"]["p95_ms"], latency["direct"]["p95_ms"]
        print(f"search p95 at {latency['rate']:g}/s, portal / straight to the cluster: {portal} / {direct} ms")
        print(f"ratio {latency.get('p95_ratio')} (target at most 1.5)")
    print(f"indexing: {results['indexing']}")
    print(f"green again {results['green_again_s_after_restart']} s after the node was started")
    changes, last = [], None
    for at, status, nodes in results["health_timeline"]:
        if (status, nodes) != last:
            changes.append(f"{at}s {status}/{nodes}")
            last = (status, nodes)
    print("cluster: " + ", ".join(changes))
    out = ROOT / "bench" / "results" / f"topology-search-cluster-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
