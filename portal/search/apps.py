from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = "Elasticsearch indexing and evidence search"

    def ready(self):
        from portal.search import promotions, signals

        signals.connect()
        promotions.connect()
