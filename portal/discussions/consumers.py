"""Live threads: a WebSocket per reader that broadcasts what happens in a thread; posting stays HTTP."""

import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from portal.discussions import presence
from portal.discussions.selectors import (
    comment_event,
    comments_since,
    readable_thread,
    removal_event,
    removals_since,
    thread_group_name,
    thread_page_numbers,
)

TYPING_INTERVAL = 2.0  # seconds between two typing hints from one socket
logger = logging.getLogger(__name__)


def _catch_up(content_type, object_id, since_id, since_late):
    comments = comments_since(content_type, object_id, since_id, since_late)
    pages = thread_page_numbers(content_type, object_id) if comments else {}
    events = [comment_event(comment, pages=pages) for comment in comments]
    return events + [removal_event(pk, seq) for pk, seq in removals_since(content_type, object_id, since_late)]


def _cursor(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or "A member"


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        # Channels closes stale database connections before every handler: a hop to the one worker thread
        # that every consumer's database_sync_to_async call shares. A thread event touches no database, and
        # one comment is one event per reader, so 200 readers made 200 hops through that thread per comment,
        # and one socket's slow query held up every reader's events. Handlers that read the database do it
        # through database_sync_to_async, which closes stale connections itself.
        if message["type"] == "thread.event":
            await self.thread_event(message)
        else:
            await super().dispatch(message)

    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.user = self.scope.get("user")
        self.object_id = kwargs["object_id"]
        self.content_type = await database_sync_to_async(readable_thread)(
            kwargs["content_type"], self.object_id, self.user
        )
        if self.content_type is None:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.group_name = thread_group_name(self.content_type, self.object_id)
        self.last_typing = 0.0
        self.reader_name = None
        if self.user is not None and self.user.is_authenticated:
            self.reader_name = await database_sync_to_async(_display_name)(self.user)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        self.known_count = await presence.join(self.group_name, self.channel_name)
        if self.known_count <= presence.ANNOUNCE_EACH_CHANGE_UP_TO:
            await self._announce_presence(self.known_count)
        else:
            # A crowded thread: tell only the newcomer now; the others learn the new count from the next
            # heartbeat that sees it change, so a burst of joins is not N messages to each of N readers.
            await self.send_json({"kind": "presence", "count": self.known_count})
        presence.watch(self.group_name, self.channel_name, self._heartbeat_count)

    async def disconnect(self, code):
        if getattr(self, "group_name", None):
            presence.unwatch(self.group_name, self.channel_name)
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            count = await presence.leave(self.group_name, self.channel_name)
            if count < presence.ANNOUNCE_EACH_CHANGE_UP_TO:
                await self._announce_presence(count)

    async def _heartbeat_count(self, count: int):
        # The process's heartbeat found this thread's count (after dropping readers whose process died):
        # if it is news here, tell the thread, at most once a heartbeat period across every process.
        if count != self.known_count and await presence.may_announce(self.group_name):
            self.known_count = count
            await self._announce_presence(count)

    async def _announce_presence(self, count: int):
        await self.channel_layer.group_send(
            self.group_name, {"type": "thread.event", "payload": {"kind": "presence", "count": count}}
        )

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        since = _cursor(content.get("since"))
        if since is not None:
            since_late = _cursor(content.get("since_late")) or 0
            missed = await database_sync_to_async(_catch_up)(self.content_type, self.object_id, since, since_late)
            for payload in missed:
                await self.send_json(payload)
        if content.get("typing") is True and self.reader_name:
            now = time.monotonic()
            if now - self.last_typing >= TYPING_INTERVAL:
                self.last_typing = now
                await self.channel_layer.group_send(
                    self.group_name,
                    {
                        "type": "thread.event",
                        "payload": {"kind": "typing", "name": self.reader_name},
                        "sender": self.channel_name,
                    },
                )

    async def thread_event(self, event):
        if event.get("sender") == self.channel_name:
            return
        if event["payload"].get("kind") == "presence":
            self.known_count = event["payload"]["count"]
        if "text" in event:
            await self.send(text_data=event["text"])
        else:
            await self.send_json(event["payload"])

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Malformed frames from a client are ignored rather than closing everyone's favourite tab.
        try:
            await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)
        except ValueError:
            return
