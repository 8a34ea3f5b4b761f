"""What changes discussions, in one place: topics and locking, comments and their live broadcast, following
threads and telling followers (through the notification service), reactions, and moderators' decisions."""

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
from django.utils.text import Truncator, slugify
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal import page_cache
from portal.discussions import access, selectors
from portal.discussions.models import (
    COMMENT_KIND,
    MENTION_KIND,
    REPLY_KIND,
    TOPIC_KIND,
    CommentRevision,
    Forum,
    Frequency,
    LatePublication,
    Reaction,
    Subscription,
    Topic,
    TopicVisit,
)
from portal.moderation import services as moderation
from portal.network import selectors as network
from portal.notifications import services as notifications

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
        follow_unless_decided(user=author, target=topic)
        notifications.notify(
            kind=TOPIC_KIND,
            recipients=network.followers_of(author),
            target_url=topic.get_absolute_url(),
            context={"topic": topic.title, "forum": forum.name, "text": Truncator(body).chars(300)},
            actor=author,
            dedupe_key=f"{TOPIC_KIND}:{topic.pk}",
        )
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


@transaction.atomic
def set_topic_locked(*, topic: Topic, is_locked: bool) -> Topic:
    """Lock a topic against new replies, or reopen it."""
    Topic.objects.filter(pk=topic.pk).update(is_locked=is_locked)
    page_cache.content_changed()  # update() sends no signal
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


def record_comment(*, comment: XtdComment) -> None:
    """Follow up a new comment (xtd saved it): its topic comes to the top of its forum, live readers get it
    once that is committed, then its followers are told; a held one waits for a moderator.

    The followers' notices (and their bells' new counts) come after the live readers have the comment,
    in a transaction of their own: they need not hold up a thread being read. Called inside an outer
    transaction, the broadcast waits for that one's commit as before.
    """
    with transaction.atomic():
        topic_type = ContentType.objects.get_for_model(Topic)
        if comment.content_type_id == topic_type.id and comment.is_public:
            Topic.objects.filter(pk=int(comment.object_pk)).update(
                last_activity_at=comment.submit_date or timezone.now(), reply_count=F("reply_count") + 1
            )
        if not comment.is_public:
            from portal.discussions.moderation import queue_held_comment

            queue_held_comment(comment)
        transaction.on_commit(lambda: broadcast_comment(comment))
    with transaction.atomic():
        _notify_followers(comment)


@transaction.atomic
def post_comment(*, target, user, text: str, reply_to: XtdComment | None = None) -> XtdComment:
    """Add a comment by a member to a thread (the path for demo content and scripts; members post over HTTP)."""
    name = getattr(getattr(user, "profile", None), "display_name", "") or user.get_full_name() or "A member"
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
    record_comment(comment=comment)
    return comment


def ensure_forum(*, slug: str, name: str, description: str = "", order: int = 0) -> Forum:
    """A forum with this slug, created if missing (editors' changes to an existing one are kept)."""
    forum, _ = Forum.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description, "order": order}
    )
    return forum


def delete_forum_if_empty(*, forum_id: int) -> bool:
    """Delete a forum nobody wrote in (a group's that never opened); False when it has topics and stays."""
    if Topic.objects.filter(forum_id=forum_id).exists():
        return False
    return Forum.objects.filter(pk=forum_id).delete()[0] > 0


@transaction.atomic
def toggle_reaction(*, comment: XtdComment, user, kind: str) -> bool:
    """Add the member's reaction of this kind to a comment, or take it back; True when it is now there.
    Nobody reacts to their own comment (ValueError)."""
    if comment.user_id is not None and comment.user_id == user.pk:
        raise ValueError("You cannot react to your own comment.")
    reaction, created = Reaction.objects.get_or_create(comment=comment, user=user, kind=kind)
    if not created:
        reaction.delete()
    transaction.on_commit(lambda: broadcast_reactions(comment))
    return created


# Following threads -----------------------------------------------------------------------------------


def follow(*, user, target, frequency: str = "") -> Subscription:
    """Follow a thread, at the given frequency or (empty) the member's own setting for discussion news."""
    subscription, _ = Subscription.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        defaults={"frequency": frequency},
    )
    return subscription


def follow_unless_decided(*, user, target) -> None:
    """Follow a thread the member takes part in, unless they already follow or muted it."""
    Subscription.objects.get_or_create(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def unfollow(*, user, target) -> None:
    """Stop all news of a thread (remembered, so taking part again does not re-follow it)."""
    follow(user=user, target=target, frequency=Frequency.NONE)


def set_default_delivery(*, user, delivery: str) -> None:
    """Set how the member hears of new comments in every followed thread that has no frequency of its own."""
    notifications.set_delivery(user=user, kind=COMMENT_KIND, delivery=delivery)


def _event_key(comment: XtdComment) -> str:
    return f"discussions.comment:{comment.pk}"


def _notify_followers(comment: XtdComment) -> None:
    # Each follower hears of a published comment once, whatever the order of moderators' decisions: the
    # notification service keeps one notice per member and event key. The member replied to gets a reply
    # notice; everyone else following the thread, a new-comment one; a thread's own frequency wins.
    target = comment.content_object
    if target is None or not comment.is_public or comment.is_removed:
        return
    # Mentions first, under the same event key: a member mentioned hears of the comment once, as a mention.
    _notify_mentions(comment, target)
    parent_author = None
    if comment.user_id:
        follow_unless_decided(user=comment.user, target=target)
        if comment.parent_id and comment.parent_id != comment.pk:
            parent_author = XtdComment.objects.filter(pk=comment.parent_id).values_list("user", flat=True).first()
            if parent_author and parent_author != comment.user_id:
                # The member replied to hears of it as if they followed the thread.
                Subscription.objects.get_or_create(
                    user_id=parent_author, content_type_id=comment.content_type_id, object_id=target.pk
                )
    followers = (
        Subscription.objects.filter(content_type_id=comment.content_type_id, object_id=target.pk)
        .exclude(user_id=comment.user_id)
        .exclude(frequency=Frequency.NONE)
        .select_related("user")
    )
    if isinstance(target, Topic):  # a private group's topic: only those who may read it hear of it
        readers = {user.pk for user in access.readers_only(target.forum_id, [s.user for s in followers])}
        followers = [subscription for subscription in followers if subscription.user_id in readers]
    groups: dict[tuple[str, str], list] = {}
    for subscription in followers:
        kind = REPLY_KIND if subscription.user_id == parent_author else COMMENT_KIND
        groups.setdefault((kind, subscription.frequency), []).append(subscription.user)
    context = {
        "thread": str(target),
        "comment_text": Truncator(comment.comment).chars(600),
        "thread_url": selectors.thread_path(target),
    }
    for (kind, frequency), users in sorted(groups.items()):
        notifications.notify(
            kind=kind,
            recipients=users,
            target_url=selectors.comment_path(target, comment),
            context=context,
            actor=comment.user,
            dedupe_key=_event_key(comment),
            delivery=frequency or None,
        )


# Moderation ------------------------------------------------------------------------------------------


def _recount(comment: XtdComment) -> None:
    # The topic's count follows what readers can see, whatever the order of decisions.
    if comment.content_type_id == ContentType.objects.get_for_model(Topic).id:
        visible = selectors.visible_comments(comment.content_type, comment.object_pk).filter(is_deleted=False).count()
        Topic.objects.filter(pk=int(comment.object_pk)).update(reply_count=visible)


@transaction.atomic
def flag_comment(*, comment: XtdComment, user, reason: str = "other", note: str = "") -> bool:
    """Record a member's report of a comment in the review queue; enough reports hold it. False if they had
    reported it already; ReportRefused for their own comment."""
    from portal.discussions.moderation import COMMENT_QUEUE_KIND

    return moderation.report(kind=COMMENT_QUEUE_KIND, obj=comment, reporter=user, reason=reason, note=note)[1]


# What the review queue's record says of a comment decided in the comments admin (from the queue the item
# is already closed and nothing more is written).
DECIDED_IN_ADMIN = "Decided in the comments admin"


@transaction.atomic
def hold_comment(*, comment: XtdComment, moderator=None) -> XtdComment:
    """Take a comment out of its thread until a moderator publishes it."""
    XtdComment.objects.filter(pk=comment.pk).update(is_public=False)
    comment.is_public = False
    _withdraw(comment)
    return comment


@transaction.atomic
def remove_comment(*, comment: XtdComment, moderator=None) -> XtdComment:
    """Remove a comment from its thread for good (kept in the database for the record)."""
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)
    comment.is_removed = True
    if moderator is not None:
        CommentFlag.objects.get_or_create(
            comment=comment, user=moderator, flag=CommentFlag.MODERATOR_DELETION, defaults={"flag_date": timezone.now()}
        )
        moderation.settle(obj=comment, action="remove", moderator=moderator, where=DECIDED_IN_ADMIN)
    _withdraw(comment)
    return comment


@transaction.atomic
def remove_comments(*, comments, moderator=None) -> int:
    """Remove many comments at once (a moderator's bulk decision): set-based writes, then each thread's live
    readers are told; returns how many were removed."""
    comments = [comment for comment in comments if not comment.is_removed]
    ids = [comment.pk for comment in comments]
    XtdComment.objects.filter(pk__in=ids).update(is_removed=True)
    page_cache.content_changed()  # update() and bulk_create() send no signal
    if moderator is not None:
        now = timezone.now()
        CommentFlag.objects.bulk_create(
            [
                CommentFlag(comment_id=pk, user=moderator, flag=CommentFlag.MODERATOR_DELETION, flag_date=now)
                for pk in ids
            ],
            ignore_conflicts=True,
        )
        moderation.settle_many(objs=comments, action="remove", moderator=moderator, where=DECIDED_IN_ADMIN)
    for comment in {(c.content_type_id, c.object_pk): c for c in comments}.values():
        _recount(comment)  # once per thread
    for comment in comments:
        comment.is_removed = True
        notifications.withdraw(dedupe_key=_event_key(comment))
    removals = LatePublication.objects.bulk_create(
        LatePublication(comment=c, content_type_id=c.content_type_id, object_pk=c.object_pk, is_removal=True)
        for c in comments
    )

    def broadcast():
        for comment, removal in zip(comments, removals, strict=True):
            broadcast_removal(comment, late=removal.pk)

    transaction.on_commit(broadcast)
    return len(ids)


@transaction.atomic
def publish_comment(*, comment: XtdComment, moderator=None) -> XtdComment:
    """Publish a held or removed comment: followers are told (once) and live readers get it."""
    XtdComment.objects.filter(pk=comment.pk).update(is_public=True, is_removed=False)
    comment.is_public, comment.is_removed = True, False
    if moderator is not None:
        CommentFlag.objects.get_or_create(
            comment=comment, user=moderator, flag=CommentFlag.MODERATOR_APPROVAL, defaults={"flag_date": timezone.now()}
        )
        moderation.settle(obj=comment, action="approve", moderator=moderator, where=DECIDED_IN_ADMIN)
    # A comment that reaches its thread after it was posted: a late-publication row, so readers who reconnect
    # get it even if its id is below the last one they saw.
    _recount(comment)
    _notify_followers(comment)
    late = LatePublication.objects.create(
        comment=comment, content_type_id=comment.content_type_id, object_pk=comment.object_pk
    )
    transaction.on_commit(lambda: broadcast_comment(comment, late=late.pk))
    return comment


def _withdraw(comment: XtdComment) -> None:
    # A comment leaves its thread: counts, notices not yet emailed, live readers, and a row in the same
    # sequence as late publications, so readers who were away when it happened take it out on reconnect.
    _recount(comment)
    notifications.withdraw(dedupe_key=_event_key(comment))
    removal = LatePublication.objects.create(
        comment=comment, content_type_id=comment.content_type_id, object_pk=comment.object_pk, is_removal=True
    )
    transaction.on_commit(lambda: broadcast_removal(comment, late=removal.pk))


# Mentions, editing and deleting one's own comment, visits -----------------------------------------------


def _notify_mentions(comment: XtdComment, target) -> None:
    users, _ = selectors.mentioned_members(comment)
    if not users:
        return
    notifications.notify(
        kind=MENTION_KIND,
        recipients=users,
        target_url=selectors.comment_path(target, comment),
        context={
            "thread": str(target),
            "comment_text": Truncator(comment.comment).chars(600),
            "thread_url": selectors.thread_path(target),
        },
        actor=comment.user,
        dedupe_key=_event_key(comment),
    )


class CommentChangeRefused(Exception):
    """Raised when a member may not edit or delete a comment (not theirs, too late, already deleted)."""


@transaction.atomic
def edit_comment(*, comment: XtdComment, editor, text: str) -> XtdComment:
    """Change the text of the editor's own comment within the edit window; the earlier text is kept for
    moderators, open pages get the new text, and newly mentioned members are told. A link from a new member
    holds the comment for review, as when posting."""
    comment = XtdComment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    selectors.attach_html([comment])
    refusal = selectors.comment_edit_refusal(comment, editor)
    if refusal:
        raise CommentChangeRefused(refusal)
    if text == comment.comment:
        return comment
    CommentRevision.objects.create(comment=comment, text=comment.comment)
    comment.comment = text
    comment.save(update_fields=["comment"])
    if selectors.needs_review(editor, text):
        return hold_comment(comment=comment)
    _changed_live(comment)
    if comment.content_object is not None:
        _notify_mentions(comment, comment.content_object)
    return comment


@transaction.atomic
def delete_comment(*, comment: XtdComment, user) -> XtdComment:
    """Delete the member's own comment: its text leaves the page, live pages and catch-up (kept for
    moderators), a placeholder stays where replies hang from it, and notices not yet emailed are taken back."""
    comment = XtdComment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if user is None or comment.user_id != user.pk:
        raise CommentChangeRefused("Only the member who wrote a comment can delete it.")
    if CommentRevision.objects.filter(comment=comment, is_deletion=True).exists():
        return comment
    CommentRevision.objects.create(comment=comment, text=comment.comment, is_deletion=True)
    comment.comment = ""
    comment.save(update_fields=["comment"])
    notifications.withdraw(dedupe_key=_event_key(comment))
    _recount(comment)
    _changed_live(comment)
    return comment


def _changed_live(comment: XtdComment) -> None:
    # An edit or deletion is a late publication of the comment's new state: open pages replace it now, and a
    # reader who was away gets it on reconnect by the same cursor as moderators' decisions.
    late = LatePublication.objects.create(
        comment=comment, content_type_id=comment.content_type_id, object_pk=comment.object_pk
    )
    for name in ("html", "is_deleted", "edited_at", "handles"):
        comment.__dict__.pop(name, None)
    transaction.on_commit(lambda: broadcast_comment(comment, late=late.pk))


def record_topic_visit(*, user, topic: Topic, last_comment_id: int) -> None:
    """Remember the newest comment the member has seen in a topic (views call it only when that changed)."""
    TopicVisit.objects.update_or_create(
        user=user, topic=topic, defaults={"last_seen_comment_id": last_comment_id, "visited_at": timezone.now()}
    )
