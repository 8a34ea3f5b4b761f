from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "portal.discussions"
    label = "discussions"
    verbose_name = "Forums, threaded comments and live threads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts import registry
        from portal.discussions import members_data, signals

        signals.connect()
        registry.register(
            "discussions", export=members_data.export_discussions, erase=members_data.erase_discussions, order=20
        )
