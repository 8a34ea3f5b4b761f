from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "portal.evidence"
    label = "evidence"
    verbose_name = "Policymakers' tools: evidence packs, citations, saved searches and search demand"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.evidence import demand, signals
        from portal.evidence.alerts import register_kinds
        from portal.search.signals import searched

        signals.connect()
        searched.connect(demand.on_search, dispatch_uid="evidence.demand")
        register_kinds()
