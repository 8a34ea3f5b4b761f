from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "portal.discussions"
    label = "discussions"
    verbose_name = "Forums, threaded comments and live threads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.discussions import signals

        signals.connect()
