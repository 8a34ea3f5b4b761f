"""The header bell's unread count, and how long ago a notification came."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from portal.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of a signed-in member's notifications are unread (0 for visitors)."""
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)


@register.filter
def ago(moment) -> str:
    """How long ago, in words: "just now" within a minute (timesince would say "0 minutes")."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"
