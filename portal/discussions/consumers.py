"""Live threads: a WebSocket per reader that only broadcasts what happens in a thread."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from portal.discussions.selectors import readable_thread, thread_group_name


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        content_type = await database_sync_to_async(readable_thread)(kwargs["content_type"], kwargs["object_id"])
        if content_type is None:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.group_name = thread_group_name(content_type, kwargs["object_id"])
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "group_name", None):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Posting stays an HTTP form with CSRF and validation; the socket only listens.
        return

    async def thread_event(self, event):
        await self.send_json(event["payload"])
