from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = "Elasticsearch indexing and evidence search"

    def ready(self):
        from portal.search import promotions, signals, tasks
        from portal.worker.schedule import Job, register

        signals.connect()
        promotions.connect()
        # The worker replays the outbox: a push that failed reaches the index without anyone's cron.
        register(Job(name="search.replay_outbox", task=tasks.replay_outbox, seconds=60))
