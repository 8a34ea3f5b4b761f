"""The live bell: one WebSocket per open page of a signed-in member, told their unread count."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from portal.notifications.live import member_group_name
from portal.notifications.selectors import unread_count


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            # Closing before accepting refuses the handshake (HTTP 403): no session, no bell.
            await self.close()
            return
        self.group_name = member_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        # The count as it is now, so a page that reconnects after missing broadcasts is right again.
        count = await database_sync_to_async(unread_count)(user)
        await self.send_json({"kind": "unread", "count": count})

    async def disconnect(self, code):
        if getattr(self, "group_name", None):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """The bell only listens: whatever a client sends is ignored."""

    async def notifications_count(self, event):
        await self.send_json({"kind": "unread", "count": event["count"]})
