from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.accounts import registry
        from portal.network import members_data, moderation, signals  # noqa: F401

        registry.register("network", export=members_data.export_network, erase=members_data.erase_network, order=50)
        moderation.register()
