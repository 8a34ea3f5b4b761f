from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Notifications: kinds, member settings, emails and digests"
    default_auto_field = "django.db.models.BigAutoField"
