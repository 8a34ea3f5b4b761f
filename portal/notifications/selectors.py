"""What reads notifications: a member's latest notices and how many are unread."""

from portal.notifications.kinds import get_kind, hidden_notification_ids
from portal.notifications.models import Notification, NotificationSetting


def notifications_for(user, *, limit: int = 20):
    """A member's latest notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("actor")[:limit]


def notification_list(user):
    """All of a member's notifications, newest first, for the paginated list."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_of(user, notification_id: int) -> Notification | None:
    """One of the member's own notifications, or None (another member's is never theirs)."""
    return Notification.objects.filter(recipient=user, pk=notification_id).first()


UNREAD_CHECKED = 1000  # the bell checks this many unread notices' visibility; beyond that it counts them all


def visible(notifications) -> list:
    """These notifications less those about something their member can no longer see (one check per kind)."""
    notifications = list(notifications)
    hidden = hidden_notification_ids(notifications)
    return [notification for notification in notifications if notification.pk not in hidden]


def unread_count(user) -> int:
    """How many of a member's notifications are unread, not counting those they can no longer see."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    checked = list(unread.only("pk", "kind", "recipient_id", "dedupe_key", "target_url")[:UNREAD_CHECKED])
    if len(checked) < UNREAD_CHECKED:
        return len(visible(checked))
    return unread.count() - len(hidden_notification_ids(checked))


def deliveries_of(user) -> dict[str, str]:
    """The deliveries a member chose, by kind name (kinds they left at the default are absent)."""
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))


def delivery_for(user, kind_name: str) -> str:
    """How a member hears of one kind: their own setting, else the kind's default."""
    chosen = NotificationSetting.objects.filter(user=user, kind=kind_name).values_list("delivery", flat=True).first()
    return chosen or get_kind(kind_name).default_delivery
