"""Network graph benchmark: time and queries of each bounded view on the large data `bench/imports/run.py` made.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/imports/run.py --count 3000 --network 5000,20000,50,100000   # the data, once
    .venv/bin/python bench/network/graph.py

Reads the database `portal_bench_imports` (or BENCH_DATABASE_URL). Each view is called once to warm
per-process caches, then timed once with its queries counted.
"""

import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path="/portal_bench_imports"))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from portal.network import graph  # noqa: E402
from portal.network.models import Follow, PractitionerProfile  # noqa: E402
from portal.network.selectors import profile_page  # noqa: E402
from portal.practices.models import CaseStudyPage  # noqa: E402
from portal.taxonomy.models import Region, ServiceArea  # noqa: E402


def main():
    region, area = Region.objects.first(), ServiceArea.objects.first()
    busiest = PractitionerProfile.objects.annotate(n=Count("follower_links")).order_by("-n").first()
    print(
        f"{PractitionerProfile.objects.count():,} profiles, {Follow.objects.count():,} follows, "
        f"{CaseStudyPage.objects.live().count():,} live case studies"
    )
    visitor = AnonymousUser()
    views = [
        ("whole network (summary, computed)", graph.compute_network_summary),
        ("whole network (summary, cached)", lambda: graph.network_graph(visitor, graph.GraphFilters())),
        (f"region {region.slug}", lambda: graph.network_graph(visitor, graph.GraphFilters(region=region.slug))),
        (f"service area {area.slug}", lambda: graph.network_graph(visitor, graph.GraphFilters(service_area=area.slug))),
        (
            f"my network ({busiest.n} followers)",
            lambda: graph.network_graph(busiest.user, graph.GraphFilters(mine=True)),
        ),
        (
            "profile page (busiest member)",
            lambda: {k: list(v) if hasattr(v, "model") else v for k, v in profile_page(busiest.slug, visitor).items()},
        ),
    ]
    print(f"{'view':45} {'ms':>7} {'queries':>8} {'nodes':>6}")
    for name, call in views:
        call()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = call()
            took = time.perf_counter() - started
        nodes = len(result["nodes"]) if "nodes" in result else "-"
        print(f"{name:45} {took * 1000:7.0f} {len(queries):8} {nodes:>6}")


if __name__ == "__main__":
    main()
