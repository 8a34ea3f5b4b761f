"""The benchmark database of bench/topology: a database of its own on DATABASE_URL's server, with the demo content.

Import this module before Django is set up: it points DATABASE_URL at `portal_bench_topology`
(or BENCH_DATABASE_URL), creating the database if needed.
"""

import os
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DB = "portal_bench_topology"
# The web processes and this one sign sessions alike: members signed in here post there.
SECRET_KEY = "bench-only-not-secret"  # noqa: S105 (loopback benchmark only)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def bench_database_url() -> str:
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


def setup_django(**env: str) -> None:
    """Django on the benchmark database, with `env` set first (the topology's settings module by default)."""
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.topology.settings")
    os.environ.setdefault("DEBUG", "1")  # the demo loader runs only in local use
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.update(env)
    import django

    django.setup()


def ensure_demo_content() -> int:
    """Migrate and load the demo site once; the number of live case studies."""
    from django.core.management import call_command

    from portal.practices.models import CaseStudyPage

    call_command("migrate", verbosity=0)
    if not CaseStudyPage.objects.live().exists():
        call_command("load_demo_content", verbosity=0)
    return CaseStudyPage.objects.live().count()


def web_env(**extra: str) -> dict:
    """What the web processes run with: production settings (DEBUG=0) minus HTTPS, on the bench database."""
    return {
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DJANGO_SETTINGS_MODULE": "bench.topology.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
