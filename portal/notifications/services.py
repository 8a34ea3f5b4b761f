"""What changes notifications: telling members of an event, their settings per kind, marking notices read."""

import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import timezone

from portal.notifications.kinds import Kind, get_kind
from portal.notifications.models import EMAIL_DELIVERIES, Delivery, EmailState, Notification, NotificationSetting
from portal.notifications.site import display_name


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
    context = dict(context or {})
    actor_name = display_name(actor)
    rendered = {**context, "actor_name": actor_name}
    title = _render(spec.title, rendered)[:300]
    text = _render(spec.text, rendered)
    # Stored as JSON, so the worker renders the email later from plain values.
    stored_context = json.loads(DjangoJSONEncoder().encode(rendered))

    people = {user.pk: user for user in recipients if user is not None and user.pk is not None}
    if actor is not None:
        people.pop(actor.pk, None)
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
            return Notification.objects.bulk_create(rows)
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
        return stored


@transaction.atomic
def set_delivery(*, user, kind: str, delivery: str) -> NotificationSetting:
    """Choose how a member hears of one kind of notification."""
    get_kind(kind)
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    setting, _ = NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return setting


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark a member's notifications read (all of them without ids); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
