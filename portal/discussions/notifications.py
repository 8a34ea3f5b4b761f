"""Services for following threads and telling followers about new comments: at once, in a digest, or not at all."""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from portal.discussions.models import (
    AnnouncedComment,
    Frequency,
    NotificationPreference,
    PendingNotification,
    Subscription,
)
from portal.links import absolute_url

UNSUBSCRIBE_SALT = "discussions.unsubscribe"
logger = logging.getLogger(__name__)


def thread_url(target) -> str:
    """The absolute address of the page that shows a thread."""
    path = target.get_absolute_url() if hasattr(target, "get_absolute_url") else target.get_url()
    return absolute_url(path)


def default_frequency(user) -> str:
    """How the member hears about followed threads unless a thread says otherwise."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.IMMEDIATE


def effective_frequency(subscription: Subscription) -> str:
    """The subscription's own frequency, or its member's default."""
    return subscription.frequency or default_frequency(subscription.user)


def subscription_for(user, target) -> Subscription | None:
    """The member's subscription to a thread, if any (one they muted included)."""
    if not user.is_authenticated:
        return None
    content_type = ContentType.objects.get_for_model(target)
    return Subscription.objects.filter(user=user, content_type=content_type, object_id=target.pk).first()


def is_following(user, target) -> bool:
    """Whether the member gets news of this thread."""
    subscription = subscription_for(user, target)
    return subscription is not None and subscription.frequency != Frequency.NONE


def follow(user, target, frequency: str = "") -> Subscription:
    """Follow a thread, at the given frequency or the member's default."""
    subscription, _ = Subscription.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        defaults={"frequency": frequency},
    )
    return subscription


def follow_unless_decided(user, target) -> None:
    """Follow a thread the member takes part in, unless they already follow or muted it."""
    Subscription.objects.get_or_create(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def unfollow(user, target) -> None:
    """Stop all news of a thread (remembered, so taking part again does not re-follow it)."""
    follow(user, target, Frequency.NONE)


def set_default_frequency(user, frequency: str) -> None:
    """Set how the member hears about every thread that has no frequency of its own."""
    NotificationPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})


def unsubscribe_token(user, subscription: Subscription | None = None) -> str:
    """A signed token that mutes one thread (or, without one, every email) for this member."""
    return signing.dumps({"u": user.pk, "s": subscription.pk if subscription else None}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user, subscription: Subscription | None = None) -> str:
    path = reverse("discussions:unsubscribe", kwargs={"token": unsubscribe_token(user, subscription)})
    return absolute_url(path)


@transaction.atomic
def unsubscribe(token: str) -> Subscription | NotificationPreference | None:
    """Apply a signed unsubscribe token; None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if data.get("s"):
        updated = Subscription.objects.filter(pk=data["s"], user_id=data["u"]).update(frequency=Frequency.NONE)
        return Subscription.objects.get(pk=data["s"]) if updated else None
    preference, _ = NotificationPreference.objects.update_or_create(
        user_id=data["u"], defaults={"frequency": Frequency.NONE}
    )
    return preference


def _send(user, subject: str, template: str, context: dict, subscription: Subscription | None, connection=None):
    link = unsubscribe_url(user, subscription)
    body = render_to_string(template, {**context, "user": user, "unsubscribe_url": link})
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection,
    )
    message.send()


@transaction.atomic
def notify_followers(comment: XtdComment) -> None:
    """Queue a published comment for its followers (once): an email each for those who want it now, a digest line
    for the others. With DISCUSSION_EMAILS_FROM_WORKER the worker sends the emails; otherwise they go on commit."""
    target = comment.content_object
    if target is None or not comment.is_public or comment.is_removed:
        return
    if not AnnouncedComment.objects.get_or_create(comment_id=comment.pk)[1]:
        return  # followers heard of it when it was first published
    if comment.user_id:
        follow_unless_decided(comment.user, target)
        if comment.parent_id and comment.parent_id != comment.pk:
            parent_author = XtdComment.objects.filter(pk=comment.parent_id).values_list("user", flat=True).first()
            if parent_author and parent_author != comment.user_id:
                # The member replied to hears of it as if they followed the thread.
                Subscription.objects.get_or_create(
                    user_id=parent_author, content_type_id=comment.content_type_id, object_id=target.pk
                )
    subscriptions = (
        Subscription.objects.filter(content_type_id=comment.content_type_id, object_id=target.pk)
        .exclude(user_id=comment.user_id)
        .exclude(frequency=Frequency.NONE)
        .exclude(frequency="", user__discussion_preference__frequency=Frequency.NONE)
        .values_list("pk", flat=True)
    )
    rows = [PendingNotification(subscription_id=pk, comment_id=comment.pk) for pk in subscriptions]
    PendingNotification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and not settings.DISCUSSION_EMAILS_FROM_WORKER:
        transaction.on_commit(lambda: send_immediate_emails(comment_id=comment.pk))


def _wants_each_comment() -> Q:
    # A subscription whose own choice, or else its member's default (immediate when unset), is immediate.
    own = Q(subscription__frequency=Frequency.IMMEDIATE)
    default = Q(subscription__frequency="") & (
        Q(subscription__user__discussion_preference__isnull=True)
        | Q(subscription__user__discussion_preference__frequency=Frequency.IMMEDIATE)
    )
    return own | default


def send_immediate_emails(comment_id: int | None = None, limit: int = 500) -> int:
    """Send the queued emails of members who want each comment at once (of one comment, or any); returns how many.

    Rows are claimed with SKIP LOCKED, so several workers never send one email twice; a mail server that is
    down leaves the rows for the next run."""
    with transaction.atomic():
        pending = PendingNotification.objects.filter(_wants_each_comment())
        if comment_id is not None:
            pending = pending.filter(comment_id=comment_id)
        claimed = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__user", "comment")
            .order_by("pk")[:limit]
        )
        sent, done, threads = 0, [], {}
        try:
            with get_connection() as connection:
                for row in claimed:
                    comment = row.comment
                    if not comment.is_public or comment.is_removed:
                        done.append(row.pk)
                        continue
                    if comment.pk not in threads:
                        target = comment.content_object
                        threads[comment.pk] = target and {
                            "comment": comment, "target": target, "thread_url": thread_url(target)
                        }  # fmt: skip
                    context = threads[comment.pk]
                    if context:
                        subject = f"New comment: {context['target']}"
                        template = "discussions/email/new_comment.txt"
                        _send(row.subscription.user, subject, template, context, row.subscription, connection)
                        sent += 1
                    done.append(row.pk)
        except Exception:  # the mail server: what was not sent stays queued for the next run
            logger.warning("Sending discussion emails failed after %s of %s", sent, len(claimed), exc_info=True)
        PendingNotification.objects.filter(pk__in=done).delete()
    return sent


@transaction.atomic
def send_digests(frequency: str) -> int:
    """Email every member whose digest is due at this frequency the comments they missed; returns emails sent."""
    pending = (
        PendingNotification.objects.select_related("subscription__user", "subscription__content_type", "comment")
        .filter(comment__is_public=True, comment__is_removed=False)
        .order_by("subscription__user_id", "subscription_id", "comment__submit_date")
    )
    by_user = defaultdict(lambda: defaultdict(list))
    for item in pending:
        if effective_frequency(item.subscription) == frequency:
            by_user[item.subscription.user][item.subscription].append(item.comment)
    sent = 0
    with get_connection() as connection:
        for user, threads in by_user.items():
            groups = []
            for comments in threads.values():
                target = comments[0].content_object
                if target is not None:
                    groups.append({"target": target, "thread_url": thread_url(target), "comments": comments})
            if groups:
                label = "Daily" if frequency == Frequency.DAILY else "Weekly"
                subject = f"{label} digest of your discussions"
                _send(user, subject, "discussions/email/digest.txt", {"groups": groups}, None, connection)
                sent += 1
            PendingNotification.objects.filter(subscription__in=list(threads)).delete()
    return sent
