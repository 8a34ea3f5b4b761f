"""Services that moderate comments: holding new members' links, flags from members, and editors' decisions."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal.discussions import notifications, selectors, services
from portal.discussions.models import LatePublication, Topic

# A link in any form Markdown or a mail client would make clickable.
LINK_PATTERN = re.compile(r"(https?://|ftp://|www\.|\]\s*\(|<a\s|mailto:)", re.IGNORECASE)


def is_new_member(user) -> bool:
    """Whether the member joined too recently for their links to go out unreviewed."""
    if user.is_staff or user.has_perm("django_comments.can_moderate"):
        return False
    return user.date_joined > timezone.now() - timedelta(days=settings.DISCUSSION_NEW_MEMBER_DAYS)


def needs_review(user, text: str) -> bool:
    """Whether a comment is held for a moderator before anyone else sees it."""
    return bool(LINK_PATTERN.search(text or "")) and is_new_member(user)


def _recount(comment: XtdComment) -> None:
    # The topic's count follows what readers can see, whatever the order of decisions.
    if comment.content_type_id == ContentType.objects.get_for_model(Topic).id:
        visible = selectors.visible_comments(comment.content_type, comment.object_pk).count()
        Topic.objects.filter(pk=int(comment.object_pk)).update(reply_count=visible)


@transaction.atomic
def flag_comment(comment: XtdComment, user) -> bool:
    """Record a member's report of a comment; enough reports hold it. False if they had reported it already."""
    _, created = CommentFlag.objects.get_or_create(
        comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL, defaults={"flag_date": timezone.now()}
    )
    reports = CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count()
    if created and comment.is_public and reports >= settings.DISCUSSION_FLAGS_TO_HOLD:
        hold_comment(comment)
    return created


@transaction.atomic
def hold_comment(comment: XtdComment, moderator=None) -> XtdComment:
    """Take a comment out of its thread until a moderator publishes it."""
    XtdComment.objects.filter(pk=comment.pk).update(is_public=False)
    comment.is_public = False
    _withdraw(comment)
    return comment


@transaction.atomic
def remove_comment(comment: XtdComment, moderator=None) -> XtdComment:
    """Remove a comment from its thread for good (kept in the database for the record)."""
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)
    comment.is_removed = True
    if moderator is not None:
        CommentFlag.objects.get_or_create(
            comment=comment, user=moderator, flag=CommentFlag.MODERATOR_DELETION, defaults={"flag_date": timezone.now()}
        )
    _withdraw(comment)
    return comment


@transaction.atomic
def publish_comment(comment: XtdComment, moderator=None) -> XtdComment:
    """Publish a held or removed comment, and send it to everyone reading the thread."""
    XtdComment.objects.filter(pk=comment.pk).update(is_public=True, is_removed=False)
    comment.is_public, comment.is_removed = True, False
    if moderator is not None:
        CommentFlag.objects.get_or_create(
            comment=comment, user=moderator, flag=CommentFlag.MODERATOR_APPROVAL, defaults={"flag_date": timezone.now()}
        )
    _release(comment)
    return comment


def _release(comment: XtdComment) -> None:
    # A comment that reaches its thread after it was posted: counts, followers (once), live readers, and a
    # late-publication row so readers who reconnect get it even if its id is below the last one they saw.
    _recount(comment)
    notifications.notify_followers(comment)
    late = LatePublication.objects.create(
        comment=comment, content_type_id=comment.content_type_id, object_pk=comment.object_pk
    )
    transaction.on_commit(lambda: services.broadcast_comment(comment, late=late.pk))


@transaction.atomic
def comment_changed_in_admin(comment: XtdComment) -> None:
    """Follow up an editor's change of a comment's state in the admin: counts, followers and live readers."""
    if comment.is_public and not comment.is_removed:
        _release(comment)
    else:
        _withdraw(comment)


def _withdraw(comment: XtdComment) -> None:
    # A comment leaves its thread: counts, live readers, and a row in the same sequence as late
    # publications, so readers who were away when it happened take it out when they reconnect.
    _recount(comment)
    removal = LatePublication.objects.create(
        comment=comment, content_type_id=comment.content_type_id, object_pk=comment.object_pk, is_removal=True
    )
    transaction.on_commit(lambda: services.broadcast_removal(comment, late=removal.pk))
