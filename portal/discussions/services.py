"""What changes discussions: topics, locking, the activity a comment brings, and its live broadcast."""

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django_comments_xtd.models import XtdComment

from portal.discussions import notifications, selectors
from portal.discussions.models import Forum, Reaction, Topic

logger = logging.getLogger(__name__)
COMMENT_RATE = 10  # comments per member per window
COMMENT_RATE_WINDOW = 60  # seconds


def comment_rate_key(user) -> str:
    return f"discussions:comment-rate:{user.pk}"


def has_comment_allowance(user) -> bool:
    """Whether the member may post now: fewer than COMMENT_RATE accepted comments in the window."""
    return (cache.get(comment_rate_key(user)) or 0) < COMMENT_RATE


def count_comment(user) -> None:
    """Count one accepted comment against the member's allowance (refused posts never count)."""
    key = comment_rate_key(user)
    cache.add(key, 0, COMMENT_RATE_WINDOW)
    cache.incr(key)


def _unique_slug(forum: Forum, title: str) -> str:
    base = slugify(title)[:200] or "topic"
    slug, n = base, 2
    while Topic.objects.filter(forum=forum, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def start_topic(*, forum: Forum, author, title: str, body: str, case_study=None, principle=None) -> Topic:
    """Open a new topic in a forum; its author follows it."""
    topic = Topic.objects.create(
        forum=forum,
        author=author,
        title=title,
        slug=_unique_slug(forum, title),
        body=body,
        case_study=case_study,
        principle=principle,
    )
    if author is not None:
        notifications.follow_unless_decided(author, topic)
    return topic


class TopicEditRefused(Exception):
    """Raised when someone other than the author, or the author too late, tries to edit a topic."""


@transaction.atomic
def edit_topic(*, topic: Topic, editor, title: str, body: str, case_study=None, principle=None) -> Topic:
    """Change a topic's title, text and links; only its author, within the edit window (its address stays)."""
    if not selectors.can_edit_topic(topic, editor):
        raise TopicEditRefused(selectors.topic_edit_refusal(topic, editor))
    topic.title, topic.body, topic.case_study, topic.principle = title, body, case_study, principle
    topic.save(update_fields=["title", "body", "case_study", "principle", "updated_at"])
    return topic


def set_topic_locked(topic: Topic, is_locked: bool) -> Topic:
    """Lock a topic against new replies, or reopen it."""
    Topic.objects.filter(pk=topic.pk).update(is_locked=is_locked)
    topic.is_locked = is_locked
    return topic


def broadcast_comment(comment: XtdComment, late: int | None = None) -> None:
    """Send a published comment to everyone reading its thread live (`late`: its late-publication sequence)."""
    if not comment.is_public or comment.is_removed:
        return
    _send_to_group(_group_of(comment), thread_message(selectors.comment_event(comment, late)))


def broadcast_removal(comment: XtdComment, late: int | None = None) -> None:
    """Tell everyone reading a thread live that a comment was removed or held: open pages take it out
    (`late`: the removal's place in the thread's moderation sequence)."""
    _send_to_group(_group_of(comment), thread_message(selectors.removal_event(comment.pk, late)))


def broadcast_reactions(comment: XtdComment) -> None:
    """Send a comment's reaction counts to everyone reading its thread live."""
    counts = selectors.reaction_counts(comment)
    _send_to_group(_group_of(comment), thread_message({"kind": "reactions", "id": comment.pk, "counts": counts}))


def _group_of(comment: XtdComment) -> str:
    return selectors.thread_group_name(ContentType.objects.get_for_id(comment.content_type_id), int(comment.object_pk))


def thread_message(payload: dict) -> dict:
    """A channel-layer message for a thread, its JSON encoded once here rather than once per reader."""
    return {"type": "thread.event", "payload": payload, "text": json.dumps(payload)}


def _send_to_group(group: str, message: dict) -> None:
    """Broadcast without ever failing the post: live readers miss it, and catch up on reconnect."""
    send = async_to_sync(get_channel_layer().group_send)
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            send(group, message)
        else:
            # Called from a thread that already runs an event loop: send from a worker thread.
            with ThreadPoolExecutor(max_workers=1) as worker:
                worker.submit(send, group, message).result(timeout=10)
    except Exception:  # the channel layer being down must not lose the comment
        logger.warning("Live broadcast to %s failed", group, exc_info=True)


def record_comment(comment: XtdComment) -> None:
    """Bring a new comment's topic to the top of its forum and tell live readers once it is committed."""
    topic_type = ContentType.objects.get_for_model(Topic)
    if comment.content_type_id == topic_type.id and comment.is_public:
        Topic.objects.filter(pk=int(comment.object_pk)).update(
            last_activity_at=comment.submit_date or timezone.now(), reply_count=F("reply_count") + 1
        )
    transaction.on_commit(lambda: broadcast_comment(comment))


@transaction.atomic
def post_comment(*, target, user, text: str, reply_to: XtdComment | None = None) -> XtdComment:
    """Add a comment by a member to a thread (the path for demo content and scripts; members post over HTTP)."""
    name = getattr(getattr(user, "profile", None), "display_name", "") or user.get_username()
    comment = XtdComment(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=name,
        user_email=user.email,
        comment=text,
        parent_id=reply_to.pk if reply_to else 0,
        submit_date=timezone.now(),
    )
    comment.save()
    record_comment(comment)
    return comment


def ensure_forum(*, slug: str, name: str, description: str = "", order: int = 0) -> Forum:
    """A forum with this slug, created if missing (editors' changes to an existing one are kept)."""
    forum, _ = Forum.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description, "order": order}
    )
    return forum


@transaction.atomic
def toggle_reaction(*, comment: XtdComment, user, kind: str) -> bool:
    """Add the member's reaction of this kind to a comment, or take it back; True when it is now there."""
    reaction, created = Reaction.objects.get_or_create(comment=comment, user=user, kind=kind)
    if not created:
        reaction.delete()
    transaction.on_commit(lambda: broadcast_reactions(comment))
    return created
