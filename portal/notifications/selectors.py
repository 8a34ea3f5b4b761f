"""What reads notifications: a member's latest notices and how many are unread."""

from portal.notifications.kinds import get_kind
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


def unread_count(user) -> int:
    """How many of a member's notifications are unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries_of(user) -> dict[str, str]:
    """The deliveries a member chose, by kind name (kinds they left at the default are absent)."""
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))


def delivery_for(user, kind_name: str) -> str:
    """How a member hears of one kind: their own setting, else the kind's default."""
    chosen = NotificationSetting.objects.filter(user=user, kind=kind_name).values_list("delivery", flat=True).first()
    return chosen or get_kind(kind_name).default_delivery
