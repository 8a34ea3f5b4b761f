"""Comments in the review queue: how a comment shows in context, what the moderators' decisions do to it,
and the auto-hide after several members' reports (registered from apps.py ready())."""

from django.conf import settings
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal.moderation import registry
from portal.moderation import services as moderation
from portal.moderation.models import Reason
from portal.notifications.site import display_name

COMMENT_QUEUE_KIND = "discussions.comment"


def _name(comment: XtdComment) -> str:
    # xtd's `name` is the username for members' comments: never shown.
    return display_name(comment.user) if comment.user_id else (comment.user_name or "a visitor")


def _describe(comment: XtdComment) -> dict:
    target = comment.content_object
    context = [("Thread", str(target) if target is not None else "a thread that is gone")]
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = XtdComment.objects.filter(pk=comment.parent_id).first()
        if parent is not None:
            context.append((f"In reply to {_name(parent)}", parent.comment))
    state = "removed" if comment.is_removed else ("published" if comment.is_public else "held, not shown")
    context.append(
        ("Posted", f"{timezone.localtime(comment.submit_date):%d %b %Y, %H:%M} by {_name(comment)} ({state})")
    )
    return {
        "heading": f"Comment by {_name(comment)}: {comment.comment[:80]}",
        "context": context,
        "text": comment.comment,
    }


def _link(comment: XtdComment) -> str:
    from portal.discussions import selectors

    target = comment.content_object
    return selectors.comment_path(target, comment) if target is not None else ""


def _approve(comment: XtdComment, moderator) -> None:
    from portal.discussions import services

    if not comment.is_public or comment.is_removed:
        services.publish_comment(comment=comment, moderator=moderator)


def _remove(comment: XtdComment, moderator) -> None:
    from portal.discussions import services

    if not comment.is_removed:
        services.remove_comment(comment=comment, moderator=moderator)


def _remove_many(comments, moderator) -> None:
    from portal.discussions import services

    services.remove_comments(comments=comments, moderator=moderator)


def _on_report(comment: XtdComment, reporter, open_reports: int) -> None:
    from portal.discussions import services

    # django-comments' own record too: the comment list's report counts read it.
    CommentFlag.objects.get_or_create(
        comment=comment, user=reporter, flag=CommentFlag.SUGGEST_REMOVAL, defaults={"flag_date": timezone.now()}
    )
    if comment.is_public and open_reports >= settings.DISCUSSION_FLAGS_TO_HOLD:
        services.hold_comment(comment=comment)


def _reportable(comment_id) -> XtdComment | None:
    try:
        return XtdComment.objects.filter(pk=int(comment_id), is_public=True, is_removed=False).first()
    except (TypeError, ValueError):
        return None


def queue_held_comment(comment: XtdComment) -> None:
    """A comment held back when it was posted (links from a new member) waits in the queue."""
    if not comment.is_public and not comment.is_removed:
        moderation.enqueue(kind=COMMENT_QUEUE_KIND, obj=comment, reason=Reason.HELD_LINKS)


def register() -> None:
    registry.register(
        registry.QueueKind(
            name=COMMENT_QUEUE_KIND,
            label="Comment",
            model="django_comments_xtd.xtdcomment",
            describe=_describe,
            link=_link,
            author=lambda comment: comment.user,
            approve=_approve,
            remove=_remove,
            remove_many=_remove_many,
            dismiss=_approve,  # reports found unfounded: a comment they took down comes back
            on_report=_on_report,
            reportable=_reportable,
            approve_label="Approve: publish the comment",
            remove_label="Remove the comment",
        )
    )
    registry.register_activity("Comments", lambda user: XtdComment.objects.filter(user=user).count())
