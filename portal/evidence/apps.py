from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "portal.evidence"
    label = "evidence"
    verbose_name = "Policymakers' tools: evidence packs, citations, saved searches and search demand"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.evidence import demand, signals, tasks
        from portal.evidence.alerts import register_kinds
        from portal.search.signals import searched
        from portal.worker.schedule import Job, register

        signals.connect()
        searched.connect(demand.on_search, dispatch_uid="evidence.demand")
        register_kinds()
        # Counted searches reach the database in batches; saved searches hear of new evidence each hour.
        register(Job(name="evidence.flush_search_counts", task=tasks.flush_search_counts, seconds=300))
        register(Job(name="evidence.saved_search_alerts", task=tasks.send_saved_search_alerts, crontab="15 * * * *"))
        # The insight report lists the search terms counted here.
        from portal.evidence.selectors import search_terms_between
        from portal.insight.registry import register_search_terms

        register_search_terms(search_terms_between, flush=demand.flush_search_counts)

        # "Download my data" and "Delete my account" cover saved searches and evidence packs.
        from portal.accounts import registry as members_data_registry
        from portal.evidence import members_data

        members_data_registry.register(
            "evidence", export=members_data.export_evidence, erase=members_data.erase_evidence, order=40
        )
