from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.network import signals  # noqa: F401
