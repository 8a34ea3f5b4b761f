from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "portal.network"
    label = "network"
    verbose_name = "Practitioners, organisations and the links between them"

    def ready(self):
        from portal.accounts import registry
        from portal.network import members_data, signals, tasks  # noqa: F401
        from portal.worker.schedule import Job, register

        registry.register("network", export=members_data.export_network, erase=members_data.erase_network, order=50)
        # The full-network view is a summary computed here, never the whole graph per request.
        register(Job(name="network.graph_summary", task=tasks.refresh_graph_summary, seconds=600))
