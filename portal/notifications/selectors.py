"""What reads notifications: a member's latest notices and how many are unread."""

from portal.notifications.models import Notification


def notifications_for(user, *, limit: int = 20):
    """A member's latest notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("actor")[:limit]


def unread_count(user) -> int:
    """How many of a member's notifications are unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
