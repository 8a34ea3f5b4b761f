"""The live bell: each member's unread count sent to their open pages over a per-member channel group."""

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from portal.notifications.selectors import unread_counts

logger = logging.getLogger(__name__)


def member_group_name(user_id: int) -> str:
    """The channel group of one member's open pages."""
    return f"notifications.user.{user_id}"


def count_message(count: int) -> dict:
    """The message a member's sockets get when their unread count changes."""
    return {"type": "notifications.count", "count": count}


async def _send_all(messages: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    for group, message in messages:
        await layer.group_send(group, message)


def broadcast_counts(user_ids: Iterable[int]) -> None:
    """Send these members' current unread counts (less what they can no longer see, as the bell's own count on a
    page) to their open pages; never fails the caller."""
    user_ids = [pk for pk in set(user_ids) if pk is not None]
    if not user_ids:
        return
    try:
        messages = [(member_group_name(pk), count_message(n)) for pk, n in unread_counts(user_ids).items()]
        send = async_to_sync(_send_all)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            send(messages)
        else:
            # Called from a thread that already runs an event loop: send from a worker thread.
            with ThreadPoolExecutor(max_workers=1) as worker:
                worker.submit(send, messages).result(timeout=10)
    except Exception:  # the channel layer being down must not fail the event; pages catch up on reconnect
        logger.warning("Live unread counts for %s members failed", len(user_ids), exc_info=True)


def broadcast_counts_on_commit(user_ids: Iterable[int]) -> None:
    """Send these members' unread counts once the current transaction commits (at once outside one)."""
    user_ids = list(user_ids)
    if user_ids:
        transaction.on_commit(lambda: broadcast_counts(user_ids))
