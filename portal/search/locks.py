"""Cluster-wide locks for index writers: PostgreSQL advisory locks, a process lock on SQLite.

Pushes hold the push lock so that two processes never send the same document in the opposite
order to the one they read it in; a rebuild holds its own lock so two rebuilds never race.
"""

import threading
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

_local_locks: dict[int, threading.RLock] = {}
_local_guard = threading.Lock()


def _key(name: str) -> int:
    # Per index prefix: deployments (and tests) sharing a database do not block each other.
    return zlib.crc32(f"portal-search:{settings.ELASTICSEARCH_INDEX_PREFIX}:{name}".encode())


@contextmanager
def held(name: str, wait: bool = True):
    """Hold the named lock inside the block; yields whether it was acquired (always, when waiting)."""
    key = _key(name)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_lock(%s)", [key])
                acquired = True
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    with _local_guard:
        lock = _local_locks.setdefault(key, threading.RLock())
    acquired = lock.acquire(blocking=wait)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()
