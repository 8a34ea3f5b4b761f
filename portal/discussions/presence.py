"""Who is reading a thread now: a Redis set of sockets per thread, shared by every daphne process."""

from django.conf import settings
from redis import asyncio as aioredis

PRESENCE_TTL = 6 * 60 * 60  # a set left by a crashed process ages out
_local: dict[str, set[str]] = {}
_client = None


def _redis():
    global _client
    if _client is None and settings.REDIS_URL:
        _client = aioredis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    return _client


async def join(group: str, channel_name: str) -> int:
    """Count this socket as reading the thread; returns how many are."""
    client = _redis()
    if client is None:
        _local.setdefault(group, set()).add(channel_name)
        return len(_local[group])
    key = f"presence:{group}"
    async with client.pipeline(transaction=True) as pipe:
        pipe.sadd(key, channel_name).expire(key, PRESENCE_TTL).scard(key)
        *_, count = await pipe.execute()
    return int(count)


async def leave(group: str, channel_name: str) -> int:
    """Stop counting this socket; returns how many still read."""
    client = _redis()
    if client is None:
        readers = _local.get(group, set())
        readers.discard(channel_name)
        return len(readers)
    key = f"presence:{group}"
    async with client.pipeline(transaction=True) as pipe:
        pipe.srem(key, channel_name).scard(key)
        _, count = await pipe.execute()
    return int(count)
