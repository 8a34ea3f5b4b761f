"""A member's notifications and notification settings, for "Download my data" and "Delete my account".

The notifications app imports no portal app, so its part is registered from here rather than from its own
`ready()`.
"""

from django.db.models import Q

from portal.accounts.registry import Erasure, MemberExport
from portal.notifications.models import Notification, NotificationSetting

FORMER_MEMBER = "A former member"
# Context entries that quote what the member wrote (a reply, a message, a note).
WRITTEN_BY_THEM = {"comment_text", "message", "text", "note"}


def _when(value):
    return value.isoformat() if value else None


def export_notifications(user) -> MemberExport:
    return MemberExport(
        data={
            "settings": {setting.kind: setting.delivery for setting in NotificationSetting.objects.filter(user=user)},
            "notifications": [
                {
                    "kind": notification.kind,
                    "title": notification.title,
                    "text": notification.text,
                    "url": notification.target_url,
                    "created_at": _when(notification.created_at),
                    "read_at": _when(notification.read_at),
                }
                for notification in Notification.objects.filter(recipient=user).order_by("pk")
            ],
        }
    )


def erase_notifications(erasure: Erasure) -> None:
    user = erasure.user
    Notification.objects.filter(recipient=user).delete()
    NotificationSetting.objects.filter(user=user).delete()
    # Other members' notices about what this member did keep the event, not the name.
    names = {
        name for name in (getattr(getattr(user, "profile", None), "display_name", ""), user.get_full_name()) if name
    }
    names |= {value for value in (user.email, user.get_username()) if value}
    profile = getattr(user, "profile", None)
    profile_url = profile.get_absolute_url() if profile is not None else None
    about = Notification.objects.filter(actor=user)
    for name in names:
        about = about | Notification.objects.filter(Q(title__contains=name) | Q(text__contains=name))
    for notification in about.distinct():
        for name in names:
            notification.title = notification.title.replace(name, FORMER_MEMBER)
            notification.text = notification.text.replace(name, FORMER_MEMBER)
        notification.context = {
            key: (FORMER_MEMBER if isinstance(value, str) and value in names else value)
            for key, value in notification.context.items()
            # What they wrote goes with their comments' text, unless they chose to keep it; links to their
            # profile name them in the address.
            if (erasure.keep_comment_text or key not in WRITTEN_BY_THEM)
            and not (profile_url and isinstance(value, str) and profile_url in value)
        }
        if profile_url and profile_url in notification.target_url:
            notification.target_url = ""  # opening it shows the list of notifications
        notification.actor = None
        notification.save(update_fields=["title", "text", "context", "target_url", "actor"])
