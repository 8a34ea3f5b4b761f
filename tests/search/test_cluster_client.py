"""ELASTICSEARCH_URL naming a cluster's nodes: a node that is gone costs no search and no index update."""

from portal.search import client as es
from portal.search import services
from tests.conftest import free_port
from tests.practices.factories import CaseStudyPageFactory
from tests.search.test_indexing import database_ids, index_ids


def test_every_listed_node_is_used():
    assert es.node_urls(" http://es1:9200, http://es2:9200 ,,http://es3:9200") == [
        "http://es1:9200",
        "http://es2:9200",
        "http://es3:9200",
    ]


def test_searches_go_to_a_node_that_answers_when_another_is_gone(client, catalogue, settings, elasticsearch_url):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()},{elasticsearch_url}"

    bodies = [client.get("/api/search/?type=case_study&service_area=health").json() for _ in range(4)]

    assert [body["reduced_mode"] for body in bodies] == [False] * 4
    assert [body["total"] for body in bodies] == [2] * 4
    assert not es.breaker.is_open


def test_publishing_reaches_the_index_when_a_node_is_gone(
    catalogue, settings, elasticsearch_url, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()},{elasticsearch_url}"
    page = CaseStudyPageFactory(title="Published with a node away", live=False)

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert services.pending_rows().count() == 0
    assert index_ids() == database_ids()
