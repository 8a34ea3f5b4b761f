"""Who is reading a thread now: a Redis sorted set of sockets per thread, shared by every web process.

A socket's score is the last time its process said it was still there: on joining, then every
HEARTBEAT seconds from one task per process that refreshes all of that process's sockets in one
pipeline (not one Redis round trip per socket). A socket whose process died without saying goodbye
(a deploy, a crash) stops counting STALE_AFTER seconds later, instead of inflating the count for as
long as the thread is read. When a heartbeat finds a thread's count changed, it is announced at most
once per thread per heartbeat period across every process (a Redis `SET NX EX`), so a crowded
thread's heartbeats never turn into a storm of broadcasts.
"""

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable

from django.conf import settings
from redis import asyncio as aioredis

HEARTBEAT = 20  # seconds between two "still here" for every socket of one process
STALE_AFTER = 3 * HEARTBEAT
# Up to this many readers every join and leave is announced at once; above it, heartbeats carry the count.
ANNOUNCE_EACH_CHANGE_UP_TO = 50
# Connections one process opens to Redis for presence; past them a caller waits (up to POOL_TIMEOUT
# seconds) for a free one instead of failing, so a burst of joins queues rather than closes sockets.
MAX_CONNECTIONS = 50
POOL_TIMEOUT = 20
logger = logging.getLogger(__name__)
_local: dict[str, dict[str, float]] = {}
# One client and one heartbeat per event loop: a redis.asyncio connection belongs to the loop that opened it.
_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_heartbeats: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

OnCount = Callable[[int], Awaitable[None]]


def _redis():
    if not settings.REDIS_URL:
        return None
    loop = asyncio.get_running_loop()
    if loop not in _clients:
        # A query string on REDIS_URL (max_connections=...) overrides these defaults.
        pool = aioredis.BlockingConnectionPool.from_url(
            settings.REDIS_URL,
            max_connections=MAX_CONNECTIONS,
            timeout=POOL_TIMEOUT,
            socket_timeout=5,
            socket_connect_timeout=5,
        )
        _clients[loop] = aioredis.Redis(connection_pool=pool)
    return _clients[loop]


def _key(group: str) -> str:
    return f"readers:{group}"


def _drop_stale(readers: dict[str, float], now: float) -> int:
    for channel_name in [name for name, seen in readers.items() if seen <= now - STALE_AFTER]:
        del readers[channel_name]
    return len(readers)


async def _count_after(group: str, now: float | None, change) -> int:
    """Apply `change(pipe, key, now)` or, without Redis, `change(None, readers, now)`; drop stale sockets; count."""
    now = time.time() if now is None else now
    client = _redis()
    if client is None:
        readers = _local.setdefault(group, {})
        change(None, readers, now)
        return _drop_stale(readers, now)
    key = _key(group)
    async with client.pipeline(transaction=True) as pipe:
        change(pipe, key, now)
        pipe.zremrangebyscore(key, "-inf", now - STALE_AFTER).expire(key, 2 * STALE_AFTER).zcard(key)
        *_, count = await pipe.execute()
    return int(count)


async def join(group: str, channel_name: str, now: float | None = None) -> int:
    """Count this socket as reading the thread; returns how many are."""

    def change(pipe, target, at):
        if pipe is None:
            target[channel_name] = at
        else:
            pipe.zadd(target, {channel_name: at})

    return await _count_after(group, now, change)


async def refresh(group: str, channel_name: str, now: float | None = None) -> int:
    """Say this socket is still reading (unless it already left); returns how many are."""

    def change(pipe, target, at):
        if pipe is None:
            if channel_name in target:
                target[channel_name] = at
        else:
            pipe.zadd(target, {channel_name: at}, xx=True)

    return await _count_after(group, now, change)


async def leave(group: str, channel_name: str, now: float | None = None) -> int:
    """Stop counting this socket; returns how many still read."""

    def change(pipe, target, at):
        if pipe is None:
            target.pop(channel_name, None)
        else:
            pipe.zrem(target, channel_name)

    return await _count_after(group, now, change)


async def refresh_all(sockets: dict[str, list[str]], now: float | None = None) -> dict[str, int]:
    """Say every one of these sockets (by thread) is still reading, in one pipeline; returns each thread's count."""
    now = time.time() if now is None else now
    groups = [group for group, names in sockets.items() if names]
    client = _redis()
    if client is None:
        counts = {}
        for group in groups:
            readers = _local.setdefault(group, {})
            readers.update({name: now for name in sockets[group] if name in readers})
            counts[group] = _drop_stale(readers, now)
        return counts
    if not groups:
        return {}
    # No MULTI: each thread's commands stand alone, and one batch must not hold Redis for the others.
    async with client.pipeline(transaction=False) as pipe:
        for group in groups:
            key = _key(group)
            pipe.zadd(key, dict.fromkeys(sockets[group], now), xx=True)
            pipe.zremrangebyscore(key, "-inf", now - STALE_AFTER).expire(key, 2 * STALE_AFTER).zcard(key)
        results = await pipe.execute()
    return {group: int(results[4 * index + 3]) for index, group in enumerate(groups)}


async def may_announce(group: str) -> bool:
    """Claim this heartbeat period's announcement of the thread's count; False if a process already has."""
    client = _redis()
    if client is None:
        return True
    return bool(await client.set(f"readers-announced:{group}", 1, nx=True, ex=HEARTBEAT))


class _Heartbeat:
    """One process's sockets by thread, refreshed together every HEARTBEAT seconds."""

    def __init__(self):
        self.sockets: dict[str, dict[str, OnCount]] = {}
        self.task: asyncio.Task | None = None

    def add(self, group: str, channel_name: str, on_count: OnCount):
        self.sockets.setdefault(group, {})[channel_name] = on_count
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())

    def discard(self, group: str, channel_name: str):
        readers = self.sockets.get(group, {})
        readers.pop(channel_name, None)
        if not readers:
            self.sockets.pop(group, None)
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def run(self):
        while True:
            await asyncio.sleep(HEARTBEAT)
            try:
                await self.beat()
            except Exception:
                logger.warning("Presence heartbeat failed for %d threads", len(self.sockets), exc_info=True)

    async def beat(self, now: float | None = None):
        counts = await refresh_all({group: list(readers) for group, readers in self.sockets.items()}, now=now)
        for group, count in counts.items():
            readers = self.sockets.get(group)
            if readers:
                # One socket per thread speaks for the process: it announces only if its count is out of date.
                await next(iter(readers.values()))(count)


def watch(group: str, channel_name: str, on_count: OnCount):
    """Keep this socket counted by the process's heartbeat, which calls `on_count(count)` for the thread."""
    loop = asyncio.get_running_loop()
    if loop not in _heartbeats:
        _heartbeats[loop] = _Heartbeat()
    _heartbeats[loop].add(group, channel_name, on_count)


def unwatch(group: str, channel_name: str):
    """Stop keeping this socket counted."""
    heartbeat = _heartbeats.get(asyncio.get_running_loop())
    if heartbeat is not None:
        heartbeat.discard(group, channel_name)


async def beat(now: float | None = None):
    """Run this process's heartbeat once now (what the periodic task does every HEARTBEAT seconds)."""
    heartbeat = _heartbeats.get(asyncio.get_running_loop())
    if heartbeat is not None:
        await heartbeat.beat(now=now)
