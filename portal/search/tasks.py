"""The worker's search task: replay the index outbox, so nothing waits for someone to run `search_index sync`."""

from django_tasks import task

from portal.search import client, services


@task()
def replay_outbox() -> dict:
    """Push what the outbox still holds (changes whose push failed, e.g. while Elasticsearch was down)."""
    if not client.is_configured():
        return {"pushed": 0, "failed": 0, "pending": 0}
    return services.sync()
