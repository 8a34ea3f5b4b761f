"""`/healthz/`: the state of the database, the channel layer and Elasticsearch."""

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import channel_layers
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.search import client as search_client

OK, DOWN, NOT_CONFIGURED = "ok", "down", "not configured"
CHECK_TIMEOUT_SECONDS = 2.0


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the database is down
        return {"status": DOWN, "error": _error(exc), "vendor": connection.vendor}
    return {"status": OK, "vendor": connection.vendor}


async def _layer_round_trip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned a different message")


def check_channel_layer() -> dict:
    if DEFAULT_CHANNEL_LAYER not in (getattr(settings, "CHANNEL_LAYERS", None) or {}):
        return {"status": NOT_CONFIGURED}
    # A layer of the probe's own: it proves Redis answers now, whatever state the process's shared layer
    # (and its connections, bound to other event loops) is in.
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    backend = f"{type(layer).__module__}.{type(layer).__name__}"

    async def probe():
        try:
            await asyncio.wait_for(_layer_round_trip(layer), CHECK_TIMEOUT_SECONDS)
        finally:
            flush = getattr(layer, "flush", None)
            if flush is not None:
                await flush()  # closes the probe's connections

    try:
        # In a thread of its own with a fresh event loop: the probe never depends on the calling thread's loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, probe()).result()
    except Exception as exc:  # a dead Redis surfaces as many exception types
        return {"status": DOWN, "error": _error(exc), "backend": backend}
    return {"status": OK, "backend": backend}


def check_elasticsearch() -> dict:
    if not search_client.is_configured():
        return {"status": NOT_CONFIGURED}
    try:
        info = search_client.get_client().options(request_timeout=CHECK_TIMEOUT_SECONDS).info()
    except Exception as exc:  # connection refused, timeout, product check...
        return {"status": DOWN, "error": _error(exc)}
    return {"status": OK, "version": info["version"]["number"], "cluster": info["cluster_name"]}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": check_database(),
        "channel_layer": check_channel_layer(),
        "elasticsearch": check_elasticsearch(),
    }
    healthy = all(check["status"] in (OK, NOT_CONFIGURED) for check in checks.values())
    return JsonResponse(
        {"status": OK if healthy else DOWN, "checks": checks},
        status=200 if healthy else 503,
    )
