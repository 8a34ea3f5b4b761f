"""The index: analyzers, the outbox on publish/unpublish/delete, Elasticsearch down and back, rebuilds."""

import threading

import pytest

from portal.search import client as es
from portal.search import selectors, services
from portal.search.models import IndexOutbox
from portal.search.registry import indexed_type
from tests.conftest import free_port
from tests.practices.factories import CaseStudyPageFactory


def titles(q="", **filters):
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params["q"] = q
    for name, values in filters.items():
        params.setlist(name, values if isinstance(values, list) else [values])
    results = selectors.search(selectors.parse_search_request(params))
    assert not results.reduced_mode, results.reduced_mode
    return sorted(hit["title"] for hit in results.hits)


def index_ids(type_name="case-studies"):
    client = es.get_bulk_client()
    alias = es.index_name(type_name)
    client.indices.refresh(index=alias)
    return sorted(hit["_id"] for hit in client.search(index=alias, size=1000, source=False)["hits"]["hits"])


def database_ids():
    return sorted(str(pk) for pk in indexed_type("case-studies").queryset().values_list("pk", flat=True))


def test_stemming_finds_a_word_in_another_form(catalogue):
    assert "Residents decide the neighbourhood budget" in titles("budgeting")


def test_synonyms_find_the_field_s_other_names(catalogue):
    assert titles("PB") == ["Residents decide the neighbourhood budget"]
    assert "Personal budgets planned with carers" in titles("individual budgets")


def test_publishing_writes_the_outbox_and_pushes_on_commit(catalogue, taxonomy, django_capture_on_commit_callbacks):
    page = CaseStudyPageFactory(title="Repair cafe run by neighbours", live=False, service_area=taxonomy["health"])

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        assert IndexOutbox.objects.filter(object_id=str(page.pk)).exists()

    assert not IndexOutbox.objects.exists()
    assert str(page.pk) in index_ids()


def test_unpublishing_and_deleting_remove_from_the_index(catalogue, django_capture_on_commit_callbacks):
    budgets, timebank = catalogue["budgets"], catalogue["timebank"]

    with django_capture_on_commit_callbacks(execute=True):
        budgets.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        timebank.delete()

    assert str(budgets.pk) not in index_ids()
    assert str(timebank.pk) not in index_ids()
    assert index_ids() == database_ids()


def test_publishing_while_elasticsearch_is_down_loses_nothing(
    catalogue, taxonomy, settings, elasticsearch_url, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    page = CaseStudyPageFactory(title="Published while the engine was away", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # must not raise
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["pb"].unpublish()
    page.refresh_from_db()
    assert page.live
    assert IndexOutbox.objects.count() == 2

    settings.ELASTICSEARCH_URL = elasticsearch_url
    es.breaker.record_success()
    result = services.sync()

    assert result["pending"] == 0
    assert index_ids() == database_ids()


def test_rebuild_swaps_the_alias_while_searches_keep_answering(catalogue):
    client = es.get_bulk_client()
    alias = es.index_name("case-studies")
    before = set(client.indices.get_alias(name=alias))
    failures, answered, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                response = client.search(index=alias, query={"match": {"title": "budget"}})
                answered.append(response["hits"]["total"]["value"])
            except Exception as exc:  # every failure counts
                failures.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            services.rebuild(indexed_type("case-studies"))
    finally:
        stop.set()
        searcher.join()

    after = set(client.indices.get_alias(name=alias))
    assert failures == []
    assert answered
    assert min(answered) >= 1
    assert after.isdisjoint(before)
    assert index_ids() == database_ids()


def test_changes_during_a_rebuild_reach_the_new_index(catalogue, taxonomy):
    indexed = indexed_type("case-studies")
    late = {}

    def add_one(count):
        # Publish something while the rebuild is loading, as an editor might.
        if not late:
            page = CaseStudyPageFactory(title="Arrived mid-rebuild", service_area=taxonomy["health"])
            services.enqueue(indexed, page.pk)
            services.push_pending()
            late["page"] = page

    services.rebuild(indexed, progress=add_one, chunk_size=1)

    assert str(late["page"].pk) in index_ids()


def test_status_counts_the_database_and_the_index(catalogue):
    rows = {row["type"]: row for row in services.status()}

    assert rows["case-studies"]["database"] == rows["case-studies"]["index"] == 3
    assert rows["case-studies"]["pending"] == 0


def test_a_profile_field_hidden_from_the_public_never_reaches_the_index(es_index_prefix, db):
    from tests.network.factories import PractitionerProfileFactory

    profile = PractitionerProfileFactory(headline="Secret headline for members", bio="Visible biography")
    profile.visibility = {**profile.visibility, "headline": "members"}
    profile.save()
    services.rebuild(indexed_type("profiles"))

    source = es.get_bulk_client().get(index=es.index_name("profiles"), id=str(profile.pk))["_source"]
    assert "Secret headline" not in str(source)
    assert "Visible biography" in source["body"]


@pytest.mark.parametrize("command", ["status", "sync"])
def test_management_command_runs(catalogue, command, capsys):
    from django.core.management import call_command

    call_command("search_index", command)

    assert "case-studies" in capsys.readouterr().out or command == "sync"
