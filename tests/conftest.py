"""Fixtures shared by the whole suite: the real services, a live daphne server, the site tree."""

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"


def require_service(variable: str) -> str:
    """The URL of a service `make test` starts; a clear failure, never a skip, when it is missing."""
    url = os.environ.get(variable, "")
    if not url:
        pytest.fail(
            f"{variable} is not set: run the suite with `make test`, which starts PostgreSQL, Redis and "
            f'Elasticsearch, or `eval "$(make -s services-up)"` first.',
            pytrace=False,
        )
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_async(coroutine_function, *args):
    """Run a coroutine to completion on its own event loop in a worker thread.

    Playwright's sync API keeps an event loop in the main thread once a browser
    test has run, so the suite's async clients run beside it, not inside it.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function(*args)).result()


def queries_for(client, path: str) -> int:
    """How many queries a page takes to render, once per-process caches are warm; it must answer 200."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm per-process caches (content types, site root paths)
    caches["pages"].clear()  # but measure rendering the page, not reading a cached fragment
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(captured)


def wait_for_http(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    """Poll until `url` answers at all (any status), or fail with what we saw."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError as exc:
            last_error = exc
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s: {last_error}")


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    return require_service("ELASTICSEARCH_URL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require_service("REDIS_URL")


def _delete_indices(prefix: str, url: str) -> None:
    from elasticsearch import Elasticsearch

    # Elasticsearch 8 refuses wildcard deletes, so name each index.
    client = Elasticsearch(url, request_timeout=30)
    names = list(client.indices.get(index=f"{prefix}-*", allow_no_indices=True, expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names))


SESSION_INDEX_PREFIX = f"test-session-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session", autouse=True)
def session_index_prefix():
    """Whatever a test publishes goes to indices of this run only, never to a deployment's."""
    from django.conf import settings

    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_INDEX_PREFIX
    url = settings.ELASTICSEARCH_URL
    yield SESSION_INDEX_PREFIX
    if url:
        try:
            _delete_indices(SESSION_INDEX_PREFIX, url)
        except Exception as exc:  # cleanup must not hide the run's real result
            print(f"could not delete test indices {SESSION_INDEX_PREFIX}-*: {exc}")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database rolls back between tests, Redis does not.

    Wagtail caches each Site's root URL there, so a Site a previous test gave another address would
    otherwise still answer for this test's links and purges.
    """
    from django.core.cache import cache, caches

    caches["pages"].clear()  # each process's rendered fragments and pages
    try:
        cache.clear()
    except Exception as exc:  # a test that needs no cache must not fail here; one that does will say so
        print(f"could not clear the cache: {exc}")


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def rows_the_migrations_made(request):
    """For tests that use the database: the rows data migrations made are there, as on a real site.

    A transactional test (every browser and live test) ends by emptying every table, and the tests after
    it on the same worker share that database: without this, Wagtail's root collection, the editors' and
    moderators' groups and the starting organisation kinds would be there or not depending on the order
    the tests ran in. Three queries when nothing is missing.
    """
    if request.node.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")  # the database as the test asked for it, first
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    from portal.home.groups import ensure_groups
    from portal.taxonomy.models import OrganisationKind
    from portal.taxonomy.services import ensure_organisation_kinds

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Group.objects.filter(name="Editors").exists():
        ensure_groups(apps)
    if not OrganisationKind.objects.exists():
        ensure_organisation_kinds()


@pytest.fixture
def admin_user(db, django_user_model, django_username_field):
    """pytest-django's superuser, with the second factor the admin asks every superuser for."""
    from tests.accounts.factories import with_authenticator_app

    username = "admin"
    user = django_user_model._default_manager.filter(**{django_username_field: username}).first()
    if user is None:
        user = django_user_model._default_manager.create_superuser(username, "admin@example.com", "password")
    with_authenticator_app(user)
    return user


@pytest.fixture
def es_index_prefix(settings, elasticsearch_url):
    """A prefix of this test's own, so test indices never touch real ones; deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    yield prefix
    _delete_indices(prefix, elasticsearch_url)


@pytest.fixture
def site_tree(db):
    from portal.home.services import ensure_site_tree

    return ensure_site_tree()


def _test_database_url() -> str:
    """DATABASE_URL pointed at the test database pytest-django created."""
    from django.conf import settings

    parts = urllib.parse.urlsplit(require_service("DATABASE_URL"))
    return urllib.parse.urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


@contextlib.contextmanager
def running_daphne(settings, **overrides):
    """A daphne process on a free port with the test database; `overrides` set (or, as None, drop) variables.

    Its public base URL is its own address, and the Site records say so, so absolute links open it.
    """
    from portal.home.services import sync_site_records

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings.PORTAL_BASE_URL = base_url
    sync_site_records()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "PORTAL_BASE_URL": base_url,
        "PYTHONUNBUFFERED": "1",
        **{key: value for key, value in overrides.items() if value is not None},
    }
    for key in [key for key, value in overrides.items() if value is None]:
        env.pop(key, None)
    log_path = ARTIFACTS / "daphne.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_http(f"{base_url}/healthz/", process=process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def daphne_server(transactional_db, redis_url, elasticsearch_url, settings):
    """A real daphne process serving the portal over HTTP and WebSocket on a free port.

    It reads the test database, so the test's data is committed (`transactional_db`). One
    process per test: the flush between transactional tests recreates content types under
    new ids, which a longer-lived process would still hold in its caches.
    """
    with running_daphne(settings, REDIS_URL=redis_url, ELASTICSEARCH_URL=elasticsearch_url, DEBUG="1") as base_url:
        yield base_url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # our fixtures make around it are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page that records console errors and screenshots itself at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    screenshot(page, f"{request.node.name}-final")
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored)."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def inject_axe(page) -> None:
    """Load axe-core into the page through DevTools: a <script> tag would be (rightly) refused by the CSP."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: `make test` runs `npm ci`.", pytrace=False)
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))


# Every document records its Content-Security-Policy violations; DevTools scripts are not subject to it.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  const sample = event.sample ? ` (${event.sample})` : "";
  const blocked = event.blockedURI || "inline";
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${blocked} at ${where}${sample}`);
});
"""


def watch_csp(context) -> list[str]:
    """Record, for every page of `context`, each CSP violation and each response from the server without the header.

    Returns the list the header failures are appended to; `csp_violations(page)` reads a page's violations.
    """
    missing_header = []
    context.add_init_script(_CSP_LISTENER)

    def check(response):
        if response.url.startswith("http://127.0.0.1") and "content-security-policy" not in response.headers:
            missing_header.append(f"{response.status} {response.url}")

    context.on("response", check)
    return missing_header


def csp_violations(page) -> list[str]:
    """The CSP violations the page's document has seen so far ([] if it never loaded the listener)."""
    return page.evaluate("window.__cspViolations || []")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (from the npm registry, injected into the page) and return the violations that matter."""
    inject_axe(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
