from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "portal.events"
    label = "events"
    verbose_name = "Events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry
        from portal.events import members_data, notifications, tasks
        from portal.worker.schedule import Job, register

        notifications.register_kinds()
        # Hourly, so every registered member hears about 24 hours ahead; dedupe keys make reruns harmless.
        register(Job(name="events.send_reminders", task=tasks.send_reminders, crontab="5 * * * *"))
        register(Job(name="events.mark_ended", task=tasks.mark_ended, crontab="10 * * * *"))
        registry.register("events", export=members_data.export_events, erase=members_data.erase_events, order=20)
