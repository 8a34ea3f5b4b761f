"""The portal's settings with the channel layer the benchmark compares (BENCH_CHANNEL_LAYER=core|pubsub)."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import REDIS_URL

BACKENDS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}


def channel_layers(layer: str) -> dict:
    config = {"hosts": [REDIS_URL], "prefix": "bench"}
    if layer == "core":
        # The pub/sub layer keeps no per-channel queue, so it takes no capacity or expiry.
        config |= {"capacity": int(os.environ.get("CHANNEL_LAYER_CAPACITY", "1000")), "expiry": 60}
    return {"default": {"BACKEND": BACKENDS[layer], "CONFIG": config}}


CHANNEL_LAYERS = channel_layers(os.environ.get("BENCH_CHANNEL_LAYER", "core"))
