"""A buffered counter: one Redis increment per event in the request, moved into the database by the worker.

`BufferedCounter.add()` costs one `HINCRBY` (or a dict update in this process's memory when no Redis is
configured); `flush()` renames the live hash atomically, reads it in batches and hands each batch to a
store function. A flush that fails leaves its renamed piece in Redis, and the next flush stores it first.
A Redis that is away costs the count, never the page: `add()` logs and returns.
"""

import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

FLUSH_BATCH = 1000
REDIS_TIMEOUT_SECONDS = 0.5

_redis = {"url": None, "client": None}


def redis_client():
    """The shared Redis client of the counters (short timeouts), or None when no Redis is configured."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    if _redis["client"] is None or _redis["url"] != url:
        import redis

        _redis["client"] = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        _redis["url"] = url
    return _redis["client"]


class BufferedCounter:
    """Counts by text field under one Redis key; `flush()` stores the totals in batches."""

    def __init__(self, key: str):
        self.key = key
        self.flushing_prefix = f"{key}:flushing:"
        self._memory = Counter()
        self._lock = threading.Lock()

    def add(self, field: str, amount: int = 1) -> bool:
        """Add to one field's count; False (and a warning) when Redis failed and the count is lost."""
        client = redis_client()
        if client is None:
            with self._lock:
                self._memory[field] += amount
            return True
        try:
            client.hincrby(self.key, field, amount)
        except Exception as exc:  # Redis being away must cost a count, never a page
            logger.warning("Not counted (%s): %s", self.key, exc)
            return False
        return True

    def _take(self) -> list[tuple[str, Counter]]:
        """Move the live counts aside atomically; (key, counts) pieces to store, leftovers of failed flushes first."""
        client = redis_client()
        if client is None:
            with self._lock:
                taken = Counter(self._memory)
                self._memory.clear()
            return [("", taken)] if taken else []
        keys = [key.decode() for key in client.scan_iter(match=self.flushing_prefix + "*", count=100)]
        moving = self.flushing_prefix + uuid.uuid4().hex
        try:
            client.rename(self.key, moving)
            keys.append(moving)
        except Exception as exc:  # no key: nothing was counted since the last flush
            if "no such key" not in str(exc).lower():
                raise
        pieces = []
        for key in keys:
            counts = Counter()
            for field, value in client.hscan_iter(key, count=FLUSH_BATCH):
                counts[field.decode()] += int(value)
            pieces.append((key, counts))
        return pieces

    def flush(self, store: Callable[[list[tuple[str, int]]], None]) -> int:
        """Hand the counts to `store` in batches of (field, count); returns the total stored."""
        stored = 0
        client = redis_client()
        for key, counts in self._take():
            items = list(counts.items())
            for start in range(0, len(items), FLUSH_BATCH):
                store(items[start : start + FLUSH_BATCH])
            stored += sum(counts.values())
            if key and client is not None:
                client.delete(key)  # only once stored: a failed flush leaves the piece for the next one
        return stored

    def pending(self) -> int:
        """How many counts wait for the next flush (the live key only)."""
        client = redis_client()
        if client is None:
            with self._lock:
                return sum(self._memory.values())
        return sum(int(value) for value in client.hvals(self.key))
