"""Who is reading a thread now: a Redis sorted set of sockets per thread, shared by every daphne process.

A socket's score is the last time its consumer said it was still there (on joining, then every
HEARTBEAT seconds). A socket whose process died without saying goodbye (a deploy, a crash) stops
counting STALE_AFTER seconds later, instead of inflating the count for as long as the thread is read.
"""

import asyncio
import time
import weakref

from django.conf import settings
from redis import asyncio as aioredis

HEARTBEAT = 20  # seconds between two "still here" from one socket
STALE_AFTER = 3 * HEARTBEAT
# Up to this many readers every join and leave is announced at once; above it, heartbeats carry the count.
ANNOUNCE_EACH_CHANGE_UP_TO = 50
_local: dict[str, dict[str, float]] = {}
# One client per event loop: a redis.asyncio connection belongs to the loop that opened it.
_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _redis():
    if not settings.REDIS_URL:
        return None
    loop = asyncio.get_running_loop()
    if loop not in _clients:
        _clients[loop] = aioredis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    return _clients[loop]


def _key(group: str) -> str:
    return f"readers:{group}"


async def _count_after(group: str, now: float | None, change) -> int:
    """Apply `change(pipe, key, now)` or, without Redis, `change(None, readers, now)`; drop stale sockets; count."""
    now = time.time() if now is None else now
    client = _redis()
    if client is None:
        readers = _local.setdefault(group, {})
        change(None, readers, now)
        for channel_name in [name for name, seen in readers.items() if seen <= now - STALE_AFTER]:
            del readers[channel_name]
        return len(readers)
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
