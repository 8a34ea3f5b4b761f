"""Live-thread benchmark: N readers on one topic through daphne and Redis, M comments posted over HTTP.

For each comment, the delay from the POST's response to each reader's receipt (and from the POST's
start), against a baseline in the same run: the same fan-out as a bare `channel_layer.group_send`
from this process to the same readers. Both channels-redis layers are run (RedisChannelLayer,
RedisPubSubChannelLayer). Then 1 000 idle sockets are held and daphne's memory per connection read.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/discussions/run.py                 # 200 readers, 10 comments/s for 60 s
    .venv/bin/python bench/discussions/run.py --clients 50 --duration 10 --idle 200   # a quick look

daphne runs with the background worker (`manage.py run_worker`) beside it, as in production: every
poster follows the topic, so each comment queues ~75 notification emails for the worker.
Prints a table and writes bench/results/discussions-<time>.json. Uses a database of its own,
BENCH_DATABASE_URL (default: DATABASE_URL's server with the database `portal_bench_discussions`),
and the channel-layer prefix `bench`. Lost messages and daphne's "over capacity" log lines are counted.
"""

import argparse
import asyncio
import collections
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.discussions.settings"
BENCH_DB = "portal_bench_discussions"


def _bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit('Set DATABASE_URL (PostgreSQL) and REDIS_URL: eval "$(scripts/services.sh env)".')
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


os.environ["DATABASE_URL"] = _bench_database_url()

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from channels.layers import channel_layers, get_channel_layer  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.discussions import settings as bench_settings  # noqa: E402
from portal.discussions import selectors, services  # noqa: E402
from portal.discussions.forms import ThreadCommentForm  # noqa: E402
from portal.discussions.models import Forum  # noqa: E402

CSRF = "b" * 32  # a CSRF secret of our own, sent as cookie and field alike


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else None


def summary_ms(values):
    return {
        "samples": len(values),
        "p50_ms": round(1000 * percentile(values, 50), 2) if values else None,
        "p95_ms": round(1000 * percentile(values, 95), 2) if values else None,
        "max_ms": round(1000 * max(values), 2) if values else None,
    }


def prepare(posters: int):
    """A topic and `posters` established members with sessions (the rate limit is per member)."""
    call_command("migrate", verbosity=0)
    forum, _ = Forum.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
    topic = services.start_topic(forum=forum, author=None, title=f"Benchmark {int(time.time())}", body="Bench.")
    cookies = []
    for n in range(posters):
        user, created = get_user_model().objects.get_or_create(
            username=f"bench{n}", defaults={"email": f"bench{n}@example.org"}
        )
        if created:
            user.date_joined = timezone.now() - timedelta(days=365)
            user.save(update_fields=["date_joined"])
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}")
    return topic, cookies


def post_comment(port, topic, cookie, text):
    """POST the thread's form; returns (start, response time, new comment id)."""
    form = ThreadCommentForm(topic)
    fields = {name: form.initial[name] for name in ("content_type", "object_pk", "timestamp", "security_hash")}
    body = urllib.parse.urlencode(
        {**fields, "comment": text, "reply_to": 0, "honeypot": "", "next": "/", "csrfmiddlewaretoken": CSRF}
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    connection.request(
        "POST",
        "/discussions/comments/post/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Host": f"127.0.0.1:{port}"},
    )
    response = connection.getresponse()
    done = time.perf_counter()
    location = response.getheader("Location", "")
    response.read()
    connection.close()
    match = re.search(r"[?&]c=(\d+)", location)
    if response.status != 302 or not match:
        raise RuntimeError(f"post failed: {response.status} {location}")
    return start, done, int(match.group(1))


class Reader:
    """One WebSocket client that notes when each comment (or baseline message) reaches it."""

    def __init__(self):
        self.received = {}

    async def run(self, url, origin, ready):
        async with websockets.connect(url, origin=origin, open_timeout=60, max_queue=None) as socket:
            ready.release()
            async for message in socket:
                now = time.perf_counter()
                event = json.loads(message)
                key = event.get("id") if event.get("kind") == "comment" else event.get("bench")
                if key is not None:
                    self.received[key] = now


async def open_readers(url, origin, count, batch=25):
    """Open `count` readers, `batch` handshakes at a time (a burst of 1 000 overflows daphne's listen backlog)."""
    readers = [Reader() for _ in range(count)]
    ready = asyncio.Semaphore(0)
    tasks = []
    for start in range(0, count, batch):
        group = readers[start : start + batch]
        tasks += [asyncio.create_task(reader.run(url, origin, ready)) for reader in group]
        for _ in group:
            await asyncio.wait_for(ready.acquire(), 120)
    return readers, tasks


async def wait_delivered(readers, keys, timeout=15.0):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(all(key in reader.received for key in keys) for reader in readers):
            return
        await asyncio.sleep(0.05)


async def measure_layer(port, topic, cookies, clients, rate, duration):
    url = f"ws://127.0.0.1:{port}/ws/discussions/discussions.topic/{topic.pk}/"
    readers, tasks = await open_readers(url, f"http://127.0.0.1:{port}", clients)
    await asyncio.sleep(2)  # let the presence announcements of the joins drain before measuring
    total = int(rate * duration)
    posts, started = [], time.perf_counter()

    async def one(n):
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        cookie = cookies[n % len(cookies)]
        posts.append(await asyncio.to_thread(post_comment, port, topic, cookie, f"Bench comment {n} " + "x" * 200))

    await asyncio.gather(*(one(n) for n in range(total)))
    ids = [comment_id for _, _, comment_id in posts]
    await wait_delivered(readers, ids)
    from_response = [r.received[i] - done for start, done, i in posts for r in readers if i in r.received]
    from_request = [r.received[i] - start for start, done, i in posts for r in readers if i in r.received]
    lost = sum(1 for _, _, i in posts for r in readers if i not in r.received)

    # Baseline: the same fan-out, from this process straight into the group, at the same rate.
    layer = get_channel_layer()
    group = selectors.thread_group_name(ContentType.objects.get_for_model(topic), topic.pk)
    html = "<li>" + "x" * 1200 + "</li>"
    sent, started = {}, time.perf_counter()
    for n in range(total):
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        key = f"b{n}"
        sent[key] = time.perf_counter()
        await layer.group_send(group, {"type": "thread.event", "payload": {"bench": key, "html": html}})
    await wait_delivered(readers, list(sent))
    baseline = [r.received[k] - t for k, t in sent.items() for r in readers if k in r.received]
    baseline_lost = sum(1 for k in sent for r in readers if k not in r.received)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "comments": total,
        "deliveries_expected": total * clients,
        "lost": lost,
        "from_post_response": summary_ms(from_response),
        "from_post_start": summary_ms(from_request),
        "baseline_group_send": summary_ms(baseline),
        "baseline_lost": baseline_lost,
    }


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def measure_idle(port, topic, count):
    url = f"ws://127.0.0.1:{port}/ws/discussions/discussions.topic/{topic.pk}/"
    before = SERVER["pid"] and rss_kib(SERVER["pid"])
    _, tasks = await open_readers(url, f"http://127.0.0.1:{port}", count)
    await asyncio.sleep(3)
    after = rss_kib(SERVER["pid"])
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"sockets": count, "rss_before_mib": round(before / 1024, 1), "rss_after_mib": round(after / 1024, 1),
            "kib_per_connection": round((after - before) / count, 1)}  # fmt: skip


SERVER = {"pid": None, "tail": collections.deque(maxlen=300)}  # the tail of daphne's log, shown on failure


def start_server(port, layer, log_lines):
    """daphne, and the background worker beside it as in production (posts only queue follower emails)."""
    env = {**os.environ, "BENCH_CHANNEL_LAYER": layer, "DEBUG": "1", "LOG_LEVEL": "INFO"}
    SERVER["mailer"] = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def collect():
        for line in process.stderr:
            SERVER["tail"].append(line)
            if "over capacity" in line:
                log_lines.append(line.strip())

    threading.Thread(target=collect, daemon=True).start()
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            SERVER["pid"] = process.pid
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("daphne did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0, help="comments per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of posting")
    parser.add_argument("--idle", type=int, default=1000, help="idle sockets for the memory figure")
    parser.add_argument("--layers", default="core,pubsub")
    parser.add_argument("--port", type=int, default=8093)
    args = parser.parse_args()

    posters = max(20, int(args.rate * 60 / 8) + 1)  # stay under the per-member rate limit
    topic, cookies = prepare(posters)
    results = {"clients": args.clients, "rate": args.rate, "duration": args.duration, "layers": {}}
    for layer in args.layers.split(","):
        log_lines = []
        # This process's baseline goes through the same layer as the daphne it measures.
        settings.CHANNEL_LAYERS = bench_settings.channel_layers(layer)
        channel_layers.backends.clear()
        process = start_server(args.port, layer, log_lines)
        try:
            figures = asyncio.run(measure_layer(args.port, topic, cookies, args.clients, args.rate, args.duration))
            if layer == args.layers.split(",")[0] and args.idle:
                results["idle"] = asyncio.run(measure_idle(args.port, topic, args.idle))
        except Exception:
            print("".join(SERVER["tail"]), file=sys.stderr)
            raise
        finally:
            for running in (process, SERVER["mailer"]):
                running.terminate()
                running.wait(10)
        figures["over_capacity_log_lines"] = len(log_lines)
        results["layers"][layer] = figures
        print(json.dumps({layer: figures}), flush=True)  # kept even if a later phase fails
    report(results)


def report(results):
    print(f"\n{results['clients']} readers, {results['rate']:g} comments/s for {results['duration']:g} s")
    print(f"{'layer':8} {'measure':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  lost  over-capacity")
    for layer, figures in results["layers"].items():
        for name in ("from_post_response", "from_post_start", "baseline_group_send"):
            row = figures[name]
            lost = figures["baseline_lost"] if name.startswith("baseline") else figures["lost"]
            print(
                f"{layer:8} {name:28} {row['p50_ms']!s:>8} {row['p95_ms']!s:>8} {row['max_ms']!s:>8}"
                f"  {lost:4}  {figures['over_capacity_log_lines']}"
            )
    if "idle" in results:
        idle = results["idle"]
        print(f"idle: {idle['sockets']} sockets, daphne RSS {idle['rss_before_mib']} → {idle['rss_after_mib']} MiB, "
              f"{idle['kib_per_connection']} KiB per connection")  # fmt: skip
    out = ROOT / "bench" / "results" / f"discussions-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
