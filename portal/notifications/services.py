"""What changes notifications: telling members of an event, sending their emails and digests, their settings."""

import json
import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import Context, Template
from django.utils import timezone

from portal.notifications import emails
from portal.notifications.kinds import Kind, get_kind, hidden_notification_ids, recipients_to_skip
from portal.notifications.live import broadcast_counts_on_commit
from portal.notifications.models import EMAIL_DELIVERIES, Delivery, EmailState, Notification, NotificationSetting
from portal.notifications.site import display_name

logger = logging.getLogger(__name__)
EMAIL_BATCH = 100  # notifications (at once) or members (digests) per batch: a fixed number of queries each
MAX_EMAIL_ATTEMPTS = 5


def _render(source: str, context: dict) -> str:
    # Titles and texts are stored as plain text; pages escape them when they show them.
    return Template(source).render(Context(context, autoescape=False)).strip()


def deliveries_for(*, kind: Kind, user_ids: Iterable[int]) -> dict[int, str]:
    """How each member wants to hear of this kind: their own setting, else the kind's default."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationSetting.objects.filter(kind=kind.name, user_id__in=user_ids).values_list("user_id", "delivery")
    )
    return {user_id: chosen.get(user_id, kind.default_delivery) for user_id in user_ids}


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable,
    target_url: str,
    context: dict | None = None,
    actor=None,
    dedupe_key: str = "",
    delivery: str | None = None,
) -> list[Notification]:
    """Tell members of an event: one notification each, its email queued for the worker as each member chose.

    Runs in the caller's transaction. With a `dedupe_key`, a member who already has a notification under
    that key gets no second one (and so no second email). `delivery` overrides the members' settings (a
    choice made closer to the event, such as a thread's own frequency). The actor is never told of their
    own act. Returns the notifications stored by this call.
    """
    spec = get_kind(kind)
    if delivery is not None and delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    context = dict(context or {})
    actor_name = display_name(actor)
    rendered = {**context, "actor_name": actor_name}
    title = _render(spec.title, rendered)[:300]
    text = _render(spec.text, rendered)
    # Stored as JSON, so the worker renders the email later from plain values.
    stored_context = json.loads(DjangoJSONEncoder().encode(rendered))

    # Suspended or closed accounts hear nothing.
    people = {user.pk: user for user in recipients if user is not None and user.pk is not None and user.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
        for user_id in recipients_to_skip(actor.pk, people):  # blocks, either way
            people.pop(user_id, None)
    if dedupe_key and people:
        told = Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=people).values_list(
            "recipient_id", flat=True
        )
        for user_id in told:
            people.pop(user_id, None)
    deliveries = dict.fromkeys(people, delivery) if delivery is not None else deliveries_for(kind=spec, user_ids=people)
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=user_id,
            kind=spec.name,
            actor=actor,
            title=title,
            text=text,
            target_url=target_url,
            context=stored_context,
            created_at=now,
            dedupe_key=dedupe_key,
            delivery=deliveries[user_id],
            email_state=EmailState.PENDING
            if deliveries[user_id] in EMAIL_DELIVERIES and user.email
            else EmailState.NONE,
        )
        for user_id, user in people.items()
        if deliveries[user_id] != Delivery.OFF
    ]
    if not rows:
        return []
    try:
        with transaction.atomic():
            stored = Notification.objects.bulk_create(rows)
    except IntegrityError:
        # Another transaction told some of these members of the same event meanwhile: skip them.
        stored = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                continue
            stored.append(row)
    if any(row.delivery == Delivery.IMMEDIATE and row.email_state == EmailState.PENDING for row in stored):
        _wake_worker()
    broadcast_counts_on_commit(row.recipient_id for row in stored)
    return stored


def _wake_worker() -> None:
    # The task row is written in the caller's transaction: it exists exactly when the notices do.
    from portal.notifications.tasks import send_immediate_emails

    send_immediate_emails.enqueue()


@transaction.atomic
def withdraw(*, dedupe_key: str) -> int:
    """Take back the notices of an event that no longer stands (a removed comment): those not yet emailed
    are deleted; emailed ones stay, so publishing the event again emails nobody twice. Returns how many."""
    if not dedupe_key:
        return 0
    taken_back = Notification.objects.filter(dedupe_key=dedupe_key).exclude(
        email_state__in=[EmailState.SENDING, EmailState.SENT]
    )
    recipients = list(taken_back.filter(read_at__isnull=True).values_list("recipient_id", flat=True))
    deleted, _ = taken_back.delete()
    broadcast_counts_on_commit(recipients)
    return deleted


def delete_notices(*, dedupe_keys: Iterable[str]) -> int:
    """Delete every notice of these events, emailed or not (a deleted account's private messages). Returns how many."""
    keys = [key for key in dedupe_keys if key]
    if not keys:
        return 0
    notices = Notification.objects.filter(dedupe_key__in=keys)
    recipients = list(notices.filter(read_at__isnull=True).values_list("recipient_id", flat=True))
    deleted, _ = notices.delete()
    broadcast_counts_on_commit(recipients)
    return deleted


def keep_in_site_only(*, created_since) -> int:
    """Cancel the emails still waiting for notices made since then; they stay in the members' bells.

    The demo loader calls this: its fictional members' activity is not mailed to anyone."""
    return Notification.objects.filter(created_at__gte=created_since, email_state=EmailState.PENDING).update(
        email_state=EmailState.NONE
    )


def _with_recipients(queryset):
    # Display names live on the member's profile when an app provides one.
    related = ["recipient"]
    if any(field.name == "profile" for field in get_user_model()._meta.related_objects):
        related.append("recipient__profile")
    return queryset.select_related(*related)


def _claim(queryset, limit: int) -> list[int]:
    """Mark up to `limit` pending notifications as being sent, committed before any is sent: a worker that
    stops mid-batch never sends them again (at most once), and other workers skip them meanwhile."""
    with transaction.atomic():
        ids = list(
            queryset.filter(email_state=EmailState.PENDING)
            .select_for_update(skip_locked=True)
            .order_by("recipient_id", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(pk__in=ids).update(email_state=EmailState.SENDING, emailed_at=timezone.now())
    return ids


def _finish(sent_ids: list[int], failed_ids: list[int]) -> None:
    now = timezone.now()
    Notification.objects.filter(pk__in=sent_ids).update(email_state=EmailState.SENT, emailed_at=now)
    if failed_ids:
        # The mail server refused: pending again for the next run, until it has failed too often.
        Notification.objects.filter(pk__in=failed_ids).update(
            email_state=EmailState.PENDING, email_attempts=F("email_attempts") + 1
        )
        Notification.objects.filter(pk__in=failed_ids, email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
            email_state=EmailState.FAILED
        )


def _send(entries: list[tuple[list[int], Callable]]) -> tuple[list[int], list[int]]:
    """Send one email per entry (the notifications it covers, a function that builds it) over one connection;
    returns the ids sent and the ids that failed, all of them when the mail server cannot be reached."""
    sent, failed = [], []
    try:
        connection = get_connection()
        connection.open()
    except Exception:
        logger.warning("Could not reach the mail server; %s emails wait for the next run", len(entries), exc_info=True)
        return [], [pk for ids, _ in entries for pk in ids]
    try:
        for ids, build in entries:
            try:
                message = build()
                message.connection = connection
                message.send()
            except Exception:
                logger.warning("Could not send the email of notifications %s", ids, exc_info=True)
                failed.extend(ids)
            else:
                sent.extend(ids)
    finally:
        connection.close()
    return sent, failed


def _drop_hidden(notifications) -> list[Notification]:
    """Claimed notifications less those about something their member can no longer see, which are
    never emailed (one visibility check per kind for the whole batch)."""
    notifications = list(notifications)
    hidden = hidden_notification_ids(notifications)
    if hidden:
        Notification.objects.filter(pk__in=hidden).update(email_state=EmailState.NONE)
    return [notification for notification in notifications if notification.pk not in hidden]


def send_immediate_emails(*, batch: int = EMAIL_BATCH) -> int:
    """Email every notification whose member wants it at once, batch after batch; returns how many were sent."""
    total = 0
    while True:
        ids = _claim(Notification.objects.filter(delivery=Delivery.IMMEDIATE), batch)
        if not ids:
            return total
        claimed = _drop_hidden(_with_recipients(Notification.objects.filter(pk__in=ids)).order_by("pk"))
        sent, failed = _send([([n.pk], partial(emails.notification_email, n)) for n in claimed])
        _finish(sent, failed)
        total += len(sent)
        if failed:
            return total  # the mail server is struggling: the next run tries again


def send_digests(*, delivery: str, batch: int = EMAIL_BATCH, max_batches: int | None = None) -> int:
    """Send the daily or weekly digest to every member with notices waiting for it, members in batches
    with a fixed number of queries each (`max_batches` stops early); returns how many digests were sent."""
    if delivery not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValueError(f"No digest is sent for {delivery!r}")
    total, batches = 0, 0
    while max_batches is None or batches < max_batches:
        batches += 1
        waiting = Notification.objects.filter(delivery=delivery, email_state=EmailState.PENDING)
        members = list(waiting.order_by("recipient_id").values_list("recipient_id", flat=True).distinct()[:batch])
        if not members:
            return total
        ids = _claim(Notification.objects.filter(delivery=delivery, recipient_id__in=members), limit=10_000)
        if not ids:
            return total  # another worker is sending these members' digests
        by_member: dict[int, list[Notification]] = {}
        claimed = list(_with_recipients(Notification.objects.filter(pk__in=ids)).order_by("created_at", "pk"))
        for notification in _drop_hidden(claimed):
            by_member.setdefault(notification.recipient_id, []).append(notification)
        entries = [
            ([item.pk for item in items], partial(emails.digest_email, items[0].recipient, items, delivery=delivery))
            for items in by_member.values()
        ]
        sent, failed = _send(entries)
        _finish(sent, failed)
        total += len(entries) - len({item_ids[0] for item_ids, _ in entries} & set(failed))
        if failed:
            return total
    return total


def give_up_stale_claims(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Mark emails a stopped worker claimed but never reported as failed, so they show (never resent)."""
    cutoff = timezone.now() - older_than
    return Notification.objects.filter(email_state=EmailState.SENDING, emailed_at__lt=cutoff).update(
        email_state=EmailState.FAILED
    )


@transaction.atomic
def unsubscribe(*, token: str) -> list[str] | None:
    """Apply a signed one-click unsubscribe: those kinds' emails stop (their notices stay in the site).
    Returns the kinds' labels, or None when the token is not one of ours."""
    data = emails.read_unsubscribe_token(token)
    if data is None:
        return None
    user_id, kind_names = data
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    labels = []
    for name in kind_names:
        try:
            kind = get_kind(name)
        except LookupError:
            continue
        NotificationSetting.objects.update_or_create(user=user, kind=name, defaults={"delivery": Delivery.SITE})
        labels.append(kind.label)
    return labels


@transaction.atomic
def set_delivery(*, user, kind: str, delivery: str) -> NotificationSetting:
    """Choose how a member hears of one kind of notification."""
    get_kind(kind)
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    setting, _ = NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return setting


def visibility_changed(*, user_ids: Iterable[int]) -> None:
    """Something these members could see is hidden from them now (they left a private group): once the
    transaction commits, their open pages get the unread count without the notices about it."""
    broadcast_counts_on_commit(user_ids)


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark a member's notifications read (all of them without ids); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        broadcast_counts_on_commit([user.pk])  # the member's other tabs
    return changed
