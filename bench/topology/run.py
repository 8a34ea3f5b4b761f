"""The production topology on this machine, in one command, and its benchmarks against baselines.

    eval "$(scripts/services.sh env)"                        # PostgreSQL and Redis (shared)
    .venv/bin/python bench/topology/run.py up                # HAProxy on :8100, 2 daphne processes on :8101-8102
    .venv/bin/python bench/topology/run.py up --server uvicorn --workers 4
    .venv/bin/python bench/topology/run.py pages             # pages / trivial view, daphne and uvicorn
    .venv/bin/python bench/topology/run.py sockets           # idle sockets' memory, fan-out across two workers

`up` serves the demo site (database `portal_bench_topology`, created and loaded on first use) through
the balancer until Ctrl-C. `pages` measures requests per second with wrk (Debian's package) through
the balancer for the portal's pages against a trivial Django view on the same processes, for each server
and cache mode: uncached (no whole page cached, fragments on, as for members), nothing cached, and the
page cache warm; the three pages also as a signed-in member. `sockets` holds idle WebSockets on one
process and reads its memory per connection, then fans comments out to readers split over two processes against a bare
`group_send` to the same readers. Every figure goes to bench/results/topology-<part>-<time>.json.
The search figures come from bench/topology/search_cluster.py (node loss) and bench/search/run.py.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.topology.data import ROOT, setup_django

PAGES = {
    "trivial view (baseline)": "/bench/trivial/",
    "case study page": None,  # the first live case study, found at run time
    "case study list": "/case-studies/",
    "directory": "/practitioners/",
    "case study, member": None,  # the same case study, signed in: never from the page cache
    "case study list, member": "/case-studies/",
    "directory, member": "/practitioners/",
}


# Uncached: no whole page cached (as for a signed-in member, or a visitor just after a change), the
# site's fragment caches and kept routes on as in production; nothing cached: no fragment either (for
# reference); page cache warm: visitors' whole pages from each process's memory.
CACHE_MODES = {
    "uncached": {"PAGE_CACHE_WHOLE_PAGES": "0"},
    "nothing cached": {"PAGE_CACHE_SECONDS": "0"},
    "page cache warm": {},
}


def results_file(part: str, results: dict) -> Path:
    out = ROOT / "bench" / "results" / f"topology-{part}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    return out


def web_redis_url(args) -> str:
    """REDIS_URL for the web processes; `--redis-max-connections` raises redis-py's pool limit (100 by default)."""
    url = os.environ["REDIS_URL"]
    if getattr(args, "redis_max_connections", 0):
        url += ("&" if "?" in url else "?") + f"max_connections={args.redis_max_connections}"
    return url


def topology_for(args, **env):
    from bench.topology.data import web_env
    from bench.topology.processes import start_topology

    ports = [args.first_worker_port + n for n in range(args.workers)] if args.first_worker_port else None
    return start_topology(
        workers=args.workers,
        server=args.server,
        env=web_env(REDIS_URL=web_redis_url(args), ELASTICSEARCH_URL=os.environ.get("ELASTICSEARCH_URL", ""), **env),
        balancer_port=args.balancer_port,
        worker_ports=ports,
        log_dir=ROOT / "bench" / "results" / "topology-logs",
    )


def command_up(args):
    topology = topology_for(args)
    print(f"The portal through HAProxy: {topology.url}/ ({args.workers} {args.server} processes:", end=" ")
    print(", ".join(f"{web.name} {web.url}" for web in topology.web) + "). Ctrl-C stops everything.", flush=True)
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        topology.stop()


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> dict:
    """Requests per second and latency from wrk, closed loop with `connections` connections and 2 threads."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)

    def ms(match):
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)

    return {
        "rps": rps,
        "p50_ms": ms(p50),
        "p99_ms": ms(p99),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def command_pages(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (Debian's package)")
    from bench.topology.data import ensure_demo_content
    from portal.practices.models import CaseStudyPage

    case_studies = ensure_demo_content()
    case_study = CaseStudyPage.objects.live().order_by("pk").first().url
    pages = {**PAGES, "case study page": case_study, "case study, member": case_study}
    cookie = member_cookie()
    cookies = {name: cookie for name in pages if name.endswith(", member")}
    results = {"case_studies": case_studies, "workers": args.workers, "seconds": args.seconds, "servers": {}}
    for server in args.servers.split(","):
        args.server = server
        results["servers"][server] = {}
        for cache in args.caches.split(","):
            # Fresh ports for each run: a process of the previous run still closing would otherwise
            # keep the port, and the new run would measure the old one's settings.
            args.balancer_port, args.first_worker_port = None, None
            topology = topology_for(args, **CACHE_MODES[cache])
            try:
                figures = {}
                for name, path in pages.items():
                    url, cookie = topology.url + path, cookies.get(name, "")
                    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
                    urllib.request.urlopen(request, timeout=30).read()  # warm each process's caches
                    wrk(url, 2, args.connections, cookie)
                    figures[name] = wrk(url, args.seconds, args.connections, cookie)
                    with urllib.request.urlopen(request, timeout=30) as answer:  # what served the run
                        figures[name]["x_page_cache"] = answer.headers.get("X-Page-Cache", "")
                        if cookie and "Sign out" not in answer.read().decode():
                            raise RuntimeError("the member's request was not signed in")
                    print(f"{server:8} {cache:16} {name:24} {figures[name]}", flush=True)
                baseline = figures["trivial view (baseline)"]["rps"]
                for row in figures.values():
                    row["ratio_to_trivial"] = round(row["rps"] / baseline, 3)
                results["servers"][server][cache] = figures
            finally:
                topology.stop()
    out = results_file("pages", results)
    print(f"\n{case_studies} case studies, {args.workers} processes per server, wrk -c{args.connections} "
          f"for {args.seconds} s through HAProxy")  # fmt: skip
    print(f"{'server':8} {'cache':16} {'page':24} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} X-Page-Cache")
    for server, caches in results["servers"].items():
        for cache, figures in caches.items():
            for name, row in figures.items():
                print(
                    f"{server:8} {cache:16} {name:24} {row['rps']:>8.1f} {row['ratio_to_trivial']:>6.2f} "
                    f"{row['p50_ms']:>7} {row['p99_ms']:>7} {row['x_page_cache']}"
                )
    print(f"written to {out.relative_to(ROOT)}")


def member_cookie() -> str:
    """A signed-in member's session cookie: a practitioner of the demo content (not staff)."""
    from django.test import Client

    from portal.network.models import PractitionerProfile

    client = Client()
    client.force_login(PractitionerProfile.objects.filter(user__is_staff=False).order_by("pk").first().user)
    return f"sessionid={client.cookies['sessionid'].value}"


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn's worker), in KiB."""
    total = 0
    for candidate in [pid, *children(pid)]:
        for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


async def hold_sockets(urls: list[str], origin: str, concurrency: int = 50) -> tuple[list, int]:
    """Open a socket to each url, `concurrency` handshakes at a time (one asyncio client, no thread per socket).

    A refused or timed-out handshake (a full listen backlog, a process busy for a moment) is retried a
    few times; the sockets that opened and the number that never did are returned, so a saturated
    process shows as a count rather than as a crash. The client sends no pings: an idle socket stays
    silent, as a reader's open tab does.
    """
    import websockets

    gate = asyncio.Semaphore(concurrency)

    async def connect(url):
        async with gate:
            for attempt in range(6):
                try:
                    return await websockets.connect(
                        url, origin=origin, open_timeout=60, ping_interval=None, max_queue=None
                    )
                except (OSError, TimeoutError, websockets.exceptions.InvalidHandshake):
                    await asyncio.sleep(0.5 * (attempt + 1))
            return None

    opened = await asyncio.gather(*(connect(url) for url in urls))
    sockets = [socket for socket in opened if socket is not None]
    return sockets, len(urls) - len(sockets)


class Reader:
    def __init__(self, socket):
        self.socket, self.received, self.presence_events = socket, {}, 0

    async def run(self):
        async for message in self.socket:
            event = json.loads(message)
            if event.get("kind") == "presence":
                self.presence_events += 1
            key = event.get("id") if event.get("kind") == "comment" else event.get("bench")
            if key is not None:
                self.received[key] = time.perf_counter()


def prepare_topics(count: int) -> list:
    """`count` topics of the benchmark forum (made once, then reused): idle readers spread over them."""
    from portal.discussions import services
    from portal.discussions.models import Forum, Topic

    forum, _ = Forum.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
    topics = list(Topic.objects.filter(forum=forum, title__startswith="Idle readers ").order_by("pk")[:count])
    for n in range(len(topics), count):
        topics.append(services.start_topic(forum=forum, author=None, title=f"Idle readers {n}", body="Bench."))
    return topics


def prepare_poster():
    """A topic and an established member's session cookie (the posting limit is per member)."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from portal.discussions import services
    from portal.discussions.models import Forum

    forum, _ = Forum.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
    topic = services.start_topic(forum=forum, author=None, title=f"Topology {int(time.time())}", body="Bench.")
    cookies = []
    run = int(time.time())  # members of this run only: the posting limit's counters outlive a run in Redis
    for n in range(20):
        user, created = get_user_model().objects.get_or_create(
            username=f"topology{run}-{n}", defaults={"email": f"topology{run}-{n}@example.org"}
        )
        if created:
            user.date_joined = timezone.now() - timedelta(days=365)
            user.save(update_fields=["date_joined"])
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}; csrftoken={'t' * 32}")
    return topic, cookies


def post_comment(base_url: str, topic, cookie: str, text: str) -> tuple[float, float, int]:
    from portal.discussions.forms import ThreadCommentForm

    form = ThreadCommentForm(topic)
    fields = {name: form.initial[name] for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    body = urllib.parse.urlencode(
        {**fields, "comment": text, "reply_to": 0, "honeypot": "", "next": "/", "csrfmiddlewaretoken": "t" * 32}
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/discussions/comments/post/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    start = time.perf_counter()
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        raise RuntimeError("the post did not redirect")
    except urllib.error.HTTPError as answer:
        status, location = answer.code, answer.headers.get("Location", "")
    match = re.search(r"[?&]c=(\d+)", location)
    if match is None:
        raise RuntimeError(f"the post was not published: {status} {location}")
    return start, time.perf_counter(), int(match.group(1))


async def measure_sockets(args, topology, topic, cookies, idle_topics) -> dict:
    from channels.layers import get_channel_layer
    from django.contrib.contenttypes.models import ContentType

    from portal.discussions.selectors import thread_group_name

    results = {}
    first = topology.web[0]

    def topic_url(web, pk):
        return f"ws://127.0.0.1:{web.port}/ws/discussions/discussions.topic/{pk}/"

    origin = topology.url

    if args.readers:
        # Fan-out: readers split over the two processes; comments posted through the balancer.
        started = time.perf_counter()
        urls = [topic_url(topology.web[n % 2], topic.pk) for n in range(args.readers)]
        sockets, refused = await hold_sockets(urls, origin, args.concurrency)
        connect_s = time.perf_counter() - started
        readers = [Reader(socket) for socket in sockets]
        tasks = [asyncio.create_task(reader.run()) for reader in readers]
        # Past one presence heartbeat, every reader has refreshed its count once (the one announcement
        # a crowded thread makes): what follows is the steady state a post meets.
        await asyncio.sleep(args.settle)
        presence_events = sum(reader.presence_events for reader in readers)

        async def deliver(keys, timeout=30.0):
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline and not all(
                all(key in reader.received for key in keys) for reader in readers
            ):
                await asyncio.sleep(0.05)

        # Each process's first post loads the comment templates and fills its caches: what a post costs
        # a process that has already served one is what follows. One warm-up post straight to each.
        warm_up = [
            await asyncio.to_thread(post_comment, f"http://127.0.0.1:{web.port}", topic, cookies[-1 - n], f"Warm {n}")
            for n, web in enumerate(topology.web)
        ]
        await deliver([comment_id for _, _, comment_id in warm_up])

        layer = get_channel_layer()
        group = thread_group_name(ContentType.objects.get_for_model(topic), topic.pk)
        html = "<li>" + "x" * 1200 + "</li>"
        # Posts and bare group_sends take turns, half a period apart, so both meet the same moments of
        # the run: the servers' WebSocket pings and the presence heartbeats come in bursts every 20 s,
        # and a phase that met more of them would look slower for it.
        posts, sent = [], {}
        for n in range(args.comments):
            cookie = cookies[n % len(cookies)]
            posts.append(await asyncio.to_thread(post_comment, topology.url, topic, cookie, f"Fan {n}"))
            await asyncio.sleep(0.5 / args.comment_rate)
            key = f"b{n}"
            sent[key] = time.perf_counter()
            await layer.group_send(group, {"type": "thread.event", "payload": {"bench": key, "html": html}})
            await asyncio.sleep(0.5 / args.comment_rate)
        await deliver([comment_id for _, _, comment_id in posts] + list(sent))
        # The comment is broadcast on commit, before the POST answers: from the answer is the fan-out's
        # own delay (it can be negative); from the start adds the POST's own time.
        from_post = [r.received[i] - start for start, _, i in posts for r in readers if i in r.received]
        from_answer = [r.received[i] - done for _, done, i in posts for r in readers if i in r.received]
        lost = sum(1 for _, _, i in posts for r in readers if i not in r.received)
        per_post_p95 = [p([r.received[i] - start for r in readers if i in r.received], 95) for start, _, i in posts]
        baseline = [r.received[k] - t for k, t in sent.items() for r in readers if k in r.received]
        baseline_lost = sum(1 for k in sent for r in readers if k not in r.received)

        def spread(keys):
            """Per message, each reader's delay after the first reader had it: the fan-out's own cost."""
            delays = []
            for key in keys:
                times = [r.received[key] for r in readers if key in r.received]
                delays += [t - min(times) for t in times] if times else []
            return delays

        post_spread, baseline_spread = spread([i for _, _, i in posts]), spread(list(sent))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)

        results["fan_out"] = {
            "server": args.server,
            "readers": args.readers,
            "processes": 2,
            "connect_seconds": round(connect_s, 1),
            "never_connected": refused,
            "presence_events_while_settling": presence_events,
            "comments": args.comments,
            "deliveries_expected": args.comments * len(readers),
            "from_post_p50_ms": p(from_post, 50),
            "from_post_p95_ms": p(from_post, 95),
            "from_post_answer_p50_ms": p(from_answer, 50),
            "from_post_answer_p95_ms": p(from_answer, 95),
            "each_post_p95_ms": per_post_p95,
            "warm_up_posts": len(warm_up),
            "lost": lost,
            "group_send_p50_ms": p(baseline, 50),
            "group_send_p95_ms": p(baseline, 95),
            "group_send_lost": baseline_lost,
            "spread_p95_ms": p(post_spread, 95),
            "group_send_spread_p95_ms": p(baseline_spread, 95),
        }
        fan = results["fan_out"]
        if fan["group_send_p95_ms"]:
            fan["p95_ratio_from_start"] = round(fan["from_post_p95_ms"] / fan["group_send_p95_ms"], 2)
            fan["p95_ratio_from_answer"] = round(fan["from_post_answer_p95_ms"] / fan["group_send_p95_ms"], 2)
        if fan["group_send_spread_p95_ms"]:
            fan["spread_p95_ratio"] = round(fan["spread_p95_ms"] / fan["group_send_spread_p95_ms"], 2)
        print(f"fan-out: {fan}", flush=True)

    # Then idle sockets held on one process: its memory per connection.
    # Readers spread over topics, as on a site (one crowded thread is the fan-out's case above).
    if args.idle:
        before = rss_kib(first.process.pid)
        started = time.perf_counter()
        urls = [topic_url(first, idle_topics[n % len(idle_topics)].pk) for n in range(args.idle)]
        idle, refused = await hold_sockets(urls, origin, args.concurrency)
        connect_s = time.perf_counter() - started
        await asyncio.sleep(args.settle)  # one heartbeat of every socket, with the connections held
        after = rss_kib(first.process.pid)
        still_open = sum(1 for socket in idle if socket.state.name == "OPEN")
        results["idle"] = {
            "server": args.server,
            "sockets": args.idle,
            "never_connected": refused,
            "topics": len(idle_topics),
            "connect_seconds": round(connect_s, 1),
            "still_open_after_settle": still_open,
            "rss_before_mib": round(before / 1024, 1),
            "rss_after_mib": round(after / 1024, 1),
            "kib_per_connection": round((after - before) / max(1, still_open), 1),
            "open_files_limit": resource.getrlimit(resource.RLIMIT_NOFILE),
        }
        print(f"idle: {results['idle']}", flush=True)
        await asyncio.gather(*(socket.close() for socket in idle), return_exceptions=True)

    return results


def p(values, q):
    """The q-th percentile of durations in seconds, in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))], 1)


def command_sockets(args):
    from bench.topology.data import ensure_demo_content

    ensure_demo_content()
    # Each socket is a file on both ends, and the web processes inherit this limit: raise it to what
    # the idle sockets need (the hard limit caps it; raising that needs root or limits.conf).
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * (args.idle + args.readers) + 1024
    limit = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, max(hard, limit)))
    except ValueError:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < wanted:
        print(f"warning: open files limited to {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}, {wanted} wanted")
    topic, cookies = prepare_poster()
    idle_topics = prepare_topics(max(1, -(-args.idle // args.idle_per_topic))) if args.idle else []
    results = {"servers": {}, "load_average_before": os.getloadavg()}
    for server in args.servers.split(","):
        args.server, args.workers = server, 2
        topology = topology_for(args, LOG_LEVEL="WARNING")
        try:
            results["servers"][server] = asyncio.run(measure_sockets(args, topology, topic, cookies, idle_topics))
        finally:
            topology.stop()
    results["load_average_after"] = os.getloadavg()
    out = results_file("sockets", results)
    print(f"written to {out.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["up", "pages", "sockets"])
    parser.add_argument("--server", default="daphne", choices=["daphne", "uvicorn"], help="for `up`")
    parser.add_argument("--servers", default="daphne,uvicorn", help="for `pages` and `sockets`")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--balancer-port", type=int, default=8100)
    parser.add_argument("--first-worker-port", type=int, default=8101)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections")
    parser.add_argument("--caches", default=",".join(CACHE_MODES), help="for `pages`: which cache modes to run")
    parser.add_argument("--idle", type=int, default=5000, help="idle sockets on one process")
    parser.add_argument("--readers", type=int, default=1000, help="fan-out readers over two processes (0: none)")
    parser.add_argument(
        "--comments", type=int, default=60, help="comments posted (and as many bare group_sends between them)"
    )
    parser.add_argument("--comment-rate", type=float, default=2.0, help="comments per second")
    parser.add_argument(
        "--redis-max-connections",
        type=int,
        default=0,
        help="the web processes' Redis pool limit (redis-py's default 100 refuses presence updates past it)",
    )
    parser.add_argument("--idle-per-topic", type=int, default=25, help="idle sockets per topic")
    parser.add_argument("--concurrency", type=int, default=50, help="handshakes in flight at once")
    parser.add_argument("--settle", type=float, default=25.0, help="seconds to wait after connecting (a heartbeat)")
    args = parser.parse_args()
    # A `timeout` or a kill still stops every process the run started (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    setup_django()
    {"up": command_up, "pages": command_pages, "sockets": command_sockets}[args.part](args)


if __name__ == "__main__":
    main()
