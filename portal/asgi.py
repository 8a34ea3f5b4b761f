"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import gc
import os

import django
from asgiref.sync import sync_to_async

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Django must be set up before anything imports models (the routing does).
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402

from portal.discussions.routing import websocket_urlpatterns  # noqa: E402
from portal.notifications.routing import websocket_urlpatterns as notification_websockets  # noqa: E402
from portal.security.input import RejectControlCharactersWebSocket  # noqa: E402
from portal.security.proxy import TrustedProxyMiddleware  # noqa: E402


class SyncMiddlewareASGIHandler(ASGIHandler):
    """Django's ASGI handler running the whole middleware chain and view in one thread hop.

    Every view and almost every middleware here is synchronous. Django's own handler runs the
    async-capable ones (SecurityMiddleware first) in async mode, where each hook and the 4xx log
    line is a hop to a worker thread and back: about 3 ms a request on two busy cores. Here the
    chain is built in sync mode and called once in the request's thread; async views, if any come,
    still work (Django adapts them).
    """

    def __init__(self):
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


application = TrustedProxyMiddleware(
    ProtocolTypeRouter(
        {
            "http": SyncMiddlewareASGIHandler(),
            "websocket": AllowedHostsOriginValidator(
                RejectControlCharactersWebSocket(
                    AuthMiddlewareStack(URLRouter(websocket_urlpatterns + notification_websockets))
                )
            ),
        }
    )
)

if settings.WORKER_IN_PROCESS:
    # `make run`: the background worker and its schedule run in this process, on daphne's event loop.
    from portal.worker.runner import InProcessWorker

    application = InProcessWorker(application)

# The cycle collector's full passes stop the event loop, and with it every request and socket of the
# process: walking some 380,000 objects took 230 ms, every few seconds under load. What is loaded by
# now (Django, Wagtail, every app's modules, URLs and models) lives as long as the process: frozen, no
# pass walks it again. A young generation of 50,000 objects rather than 700 makes every pass rarer.
# Measured in docs/scaling.md; why and at what cost in docs/decisions/collector-settings.md.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 10)
