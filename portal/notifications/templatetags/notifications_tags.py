"""The header bell's unread count."""

from django import template

from portal.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of a signed-in member's notifications are unread (0 for visitors)."""
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
