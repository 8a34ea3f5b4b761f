"""The Elasticsearch clients of the portal, configured from settings, and the circuit breaker."""

import threading
import time
from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

BULK_TIMEOUT_SECONDS = 30.0
# Pushes run right after a publish commits, in the editor's request: short, then the outbox keeps it.
PUSH_TIMEOUT_SECONDS = 5.0
BREAKER_PAUSE_SECONDS = 30.0


def is_configured() -> bool:
    """Whether an Elasticsearch URL is set at all."""
    return bool(settings.ELASTICSEARCH_URL)


def node_urls(url: str) -> list[str]:
    """The nodes a (comma-separated) ELASTICSEARCH_URL names."""
    return [node.strip() for node in url.split(",") if node.strip()]


@cache
def _client_for(url: str, timeout: float) -> Elasticsearch:
    nodes = node_urls(url)
    # One node: fail at once, the breaker and reduced mode take over. A cluster: a request that finds
    # its node gone (refused, reset, 502-504) or hung past the timeout is sent to the next node, and
    # the lost one is set aside for a while, so losing a node costs no answer.
    # orjson encodes bulk bodies and decodes answers several times faster than the json module.
    return Elasticsearch(
        nodes,
        request_timeout=timeout,
        max_retries=len(nodes) - 1,
        retry_on_timeout=len(nodes) > 1,
        serializer=OrjsonSerializer(),
    )


def get_client(timeout: float | None = None) -> Elasticsearch:
    """A shared client; interactive requests get the short timeout so the fallback can answer."""
    if not is_configured():
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    return _client_for(settings.ELASTICSEARCH_URL, timeout or settings.ELASTICSEARCH_TIMEOUT)


def get_bulk_client() -> Elasticsearch:
    """A client with time enough for bulk loads and index administration."""
    return get_client(timeout=BULK_TIMEOUT_SECONDS)


def get_push_client() -> Elasticsearch:
    """A client for the small bulk requests sent after each commit."""
    return get_client(timeout=max(PUSH_TIMEOUT_SECONDS, settings.ELASTICSEARCH_TIMEOUT))


def index_name(name: str) -> str:
    """An index or alias name under this deployment's prefix."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{name}"


class CircuitBreaker:
    """After a failure, skip Elasticsearch for a pause instead of making every request wait for it."""

    def __init__(self, pause: float = BREAKER_PAUSE_SECONDS):
        self.pause = pause
        self._opened_at: float | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return False
            if time.monotonic() - self._opened_at >= self.pause:
                self._opened_at = None  # half-open: let the next request try again
                return False
            return True

    def record_failure(self) -> None:
        with self._lock:
            self._opened_at = time.monotonic()

    def record_success(self) -> None:
        with self._lock:
            self._opened_at = None


breaker = CircuitBreaker()
