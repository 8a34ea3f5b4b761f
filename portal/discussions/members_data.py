"""A member's part in discussions, for "Download my data" and "Delete my account" (portal.accounts)."""

from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal.accounts.registry import Erasure, MemberExport
from portal.discussions.models import CommentRevision, Reaction, Subscription, Topic

FORMER_MEMBER = "A former member"
REMOVED_COMMENT = "This comment was removed by its author."
REMOVED_TOPIC = "The opening post of this topic was removed by its author."


def _when(value):
    return value.isoformat() if value else None


def _thing(content_type, object_id) -> str:
    return f"{content_type.app_label}.{content_type.model} {object_id}"


def export_discussions(user) -> MemberExport:
    return MemberExport(
        data={
            "topics": [
                {
                    "title": topic.title,
                    "text": topic.body,
                    "url": topic.get_absolute_url(),
                    "started_at": _when(topic.created_at),
                }
                for topic in Topic.objects.filter(author=user).select_related("forum").order_by("pk")
            ],
            "comments": [
                {
                    "id": comment.pk,
                    "on": _thing(comment.content_type, comment.object_pk),
                    "in_reply_to": comment.parent_id if comment.parent_id != comment.pk else None,
                    "text": comment.comment,
                    "posted_at": _when(comment.submit_date),
                    "name_shown": comment.user_name,
                    "is_public": comment.is_public,
                    "is_removed": comment.is_removed,
                }
                for comment in XtdComment.objects.filter(user=user).select_related("content_type").order_by("pk")
            ],
            "reactions": [
                {"comment": reaction.comment_id, "kind": reaction.kind, "at": _when(reaction.created_at)}
                for reaction in Reaction.objects.filter(user=user).order_by("pk")
            ],
            "reports_made": [
                {"comment": flag.comment_id, "flag": flag.flag, "at": _when(flag.flag_date)}
                for flag in CommentFlag.objects.filter(user=user).order_by("pk")
            ],
            "threads_followed": [
                {
                    "thread": _thing(subscription.content_type, subscription.object_id),
                    "emails": subscription.frequency or "your default",
                    "since": _when(subscription.created_at),
                }
                for subscription in Subscription.objects.filter(user=user).select_related("content_type").order_by("pk")
            ],
        }
    )


def erase_discussions(erasure: Erasure) -> None:
    user = erasure.user
    # Comments stay in their threads so replies still make sense; the name and address they copied go.
    comments = XtdComment.objects.filter(user=user)
    changes = {"user": None, "user_name": FORMER_MEMBER, "user_email": "", "user_url": "", "ip_address": None}
    if not erasure.keep_comment_text:
        changes["comment"] = REMOVED_COMMENT
        # Earlier versions kept for moderators go with the text.
        CommentRevision.objects.filter(comment__in=comments).delete()
    comments.update(**changes)
    # Saved one by one: the search outbox re-serialises each topic's document.
    for topic in Topic.objects.filter(author=user):
        topic.author = None
        if not erasure.keep_comment_text:
            topic.body = REMOVED_TOPIC
        topic.save()
    # Reactions, reports and followed threads go with the user row.
