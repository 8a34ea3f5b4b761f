"""The worker's network task: keep the whole network's summary graph fresh in the cache."""

from django_tasks import task

from portal.network import graph


@task()
def refresh_graph_summary() -> dict:
    """Recompute the summary the full-network view shows (regions, service areas, their counts and links)."""
    summary = graph.refresh_network_summary()
    return {"nodes": len(summary["nodes"]), "edges": len(summary["edges"])}
