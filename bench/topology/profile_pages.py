"""Where a public page's time goes, in one process: CPU time and queries per page type, and a profile.

    eval "$(scripts/services.sh env)"
    .venv/bin/python bench/topology/profile_pages.py                  # CPU ms and queries per page
    .venv/bin/python bench/topology/profile_pages.py --member         # the same, signed in as a member
    .venv/bin/python bench/topology/profile_pages.py --profile /case-studies/   # cProfile of one URL
    PROFILE_SORT=tottime PROFILE_ROWS=30 .venv/bin/python bench/topology/profile_pages.py --profile /   # by own time

Django's test client on the benchmark database (bench/topology/data.py), production settings (DEBUG=0).
Each page is fetched twice to warm, then `--repeat` times; the CPU time is `time.process_time`, so other
processes' load on the machine does not count. `--cache` chooses what is cached (fragments by default:
whole pages are rendered, as for a member or after a change, while fragments and routes are warm).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.topology.data import ensure_demo_content, setup_django, web_env

CACHE_MODES = {
    "off": {"PAGE_CACHE_SECONDS": "0"},
    "fragments": {"PAGE_CACHE_WHOLE_PAGES": "0"},
    "pages": {},
}


def public_urls() -> dict:
    """One URL per public page type, found in the demo content."""
    from portal.discussions.models import Topic
    from portal.network.models import PractitionerProfile as Profile
    from portal.practices.models import CaseStudyPage, PrinciplePage

    case_study = CaseStudyPage.objects.live().order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    return {
        "trivial view": "/bench/trivial/",
        "home": "/",
        "case study": case_study.url,
        "case study list": "/case-studies/",
        "list, filtered": f"/case-studies/?service_area={case_study.service_area.slug}",
        "principle": PrinciplePage.objects.live().order_by("pk").first().url,
        "directory": "/practitioners/",
        "profile": Profile.objects.order_by("pk").first().get_absolute_url(),
        "topic list": f"/discussions/{topic.forum.slug}/" if topic else "/discussions/",
        "gap map": "/evidence/",
    }


def measure(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection

    for _ in range(2):
        client.get(url)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    start = time.process_time()
    for _ in range(repeat):
        client.get(url)
    return (time.process_time() - start) * 1000 / repeat, len(queries), response.status_code


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", help="a URL to profile with cProfile instead")
    parser.add_argument("--member", action="store_true", help="as a signed-in member (a demo practitioner)")
    parser.add_argument(
        "--cache",
        choices=list(CACHE_MODES),
        default="fragments",
        help="fragments: whole pages uncached, fragments warm (default); off: nothing cached; pages: all cached",
    )
    args = parser.parse_args()
    env = web_env(REDIS_URL=os.environ.get("REDIS_URL", ""), **CACHE_MODES[args.cache])
    env.pop("DATABASE_URL")
    env.setdefault("DATABASE_POOL", os.environ.get("DATABASE_POOL", "1"))  # as in production (DEBUG=0)
    setup_django(**env)
    ensure_demo_content()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 (bench profile)")
    if args.member:
        from portal.network.models import PractitionerProfile

        client.force_login(PractitionerProfile.objects.filter(user__is_staff=False).order_by("pk").first().user)
    if args.profile:
        measure(client, args.profile, 1)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(args.profile)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("PROFILE_ROWS", "60")))
        print(out.getvalue())
        return
    print(f"{'page':18} {'CPU ms':>7} {'queries':>7} status  url")
    for name, url in public_urls().items():
        cpu, queries, status = measure(client, url, args.repeat)
        print(f"{name:18} {cpu:>7.1f} {queries:>7} {status:>6}  {url}")


if __name__ == "__main__":
    main()
