from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "portal.insight"
    label = "insight"
    verbose_name = "Insight: what is read and searched, counted without tracking people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.insight import tasks
        from portal.worker.schedule import Job, register

        # Views counted in Redis reach the daily totals every five minutes, like counted searches.
        register(Job(name="insight.flush_view_counts", task=tasks.flush_view_counts, seconds=300))
