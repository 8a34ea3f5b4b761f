from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = "Notifications: kinds, member settings, emails and digests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.notifications import tasks
        from portal.worker.schedule import Job, register

        register(Job(name="notifications.immediate_emails", task=tasks.send_immediate_emails, seconds=60))
        register(
            Job(name="notifications.daily_digest", task=tasks.send_digests, crontab="0 7 * * *",
                kwargs=(("delivery", "daily"),))
        )  # fmt: skip
        register(
            Job(name="notifications.weekly_digest", task=tasks.send_digests, crontab="0 7 * * mon",
                kwargs=(("delivery", "weekly"),))
        )  # fmt: skip
        register(Job(name="notifications.stale_claims", task=tasks.give_up_stale_claims, crontab="15 * * * *"))
