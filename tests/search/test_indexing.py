"""The index: analyzers, the outbox on publish/unpublish/delete, Elasticsearch down and back, rebuilds."""

import dataclasses
import threading

import pytest

from portal.practices.models import CaseStudyPage
from portal.search import client as es
from portal.search import selectors, services
from portal.search.forms import parse_search_request
from portal.search.registry import indexed_type
from tests.conftest import free_port
from tests.practices.factories import CaseStudyPageFactory


def titles(q="", **filters):
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params["q"] = q
    for name, values in filters.items():
        params.setlist(name, values if isinstance(values, list) else [values])
    results = selectors.search(parse_search_request(params))
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
        assert services.pending_rows().filter(object_id=str(page.pk)).exists()

    assert not services.pending_rows().exists()
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
    assert services.pending_rows().count() == 2

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
            services.rebuild(indexed=indexed_type("case-studies"))
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
            services.enqueue(indexed=indexed, object_id=page.pk)
            services.push_pending()
            late["page"] = page

    services.rebuild(indexed=indexed, progress=add_one, chunk_size=1)

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
    services.rebuild(indexed=indexed_type("profiles"))

    source = es.get_bulk_client().get(index=es.index_name("profiles"), id=str(profile.pk))["_source"]
    assert "Secret headline" not in str(source)
    assert "Visible biography" in source["body"]


@pytest.mark.parametrize("command", ["status", "sync"])
def test_management_command_runs(catalogue, command, capsys):
    from django.core.management import call_command

    call_command("search_index", command)

    assert "case-studies" in capsys.readouterr().out or command == "sync"


def _stale_serializer(indexed, stale_pk, change):
    """The type's serializer, except that serializing `stale_pk` first runs `change` (and pushes it)."""

    def serialize(obj):
        if obj.pk == stale_pk:
            change()
            services.push_pending()
        return indexed.serialize(obj)  # the object as read before the change

    return dataclasses.replace(indexed, serialize=serialize)


def test_a_document_read_before_an_unpublish_does_not_outlive_it_after_a_rebuild(catalogue):
    indexed = indexed_type("case-studies")
    budgets = catalogue["budgets"]

    def unpublish():
        CaseStudyPage.objects.get(pk=budgets.pk).unpublish()

    services.rebuild(indexed=_stale_serializer(indexed, budgets.pk, unpublish), chunk_size=1)

    assert str(budgets.pk) not in index_ids()
    assert index_ids() == database_ids()


def test_a_document_read_before_an_edit_is_replaced_by_the_edit_after_a_rebuild(catalogue):
    indexed = indexed_type("case-studies")
    pb = catalogue["pb"]

    def retitle():
        page = CaseStudyPage.objects.get(pk=pb.pk)
        page.title = "Residents decide the whole budget"
        page.save_revision().publish()

    services.rebuild(indexed=_stale_serializer(indexed, pb.pk, retitle), chunk_size=1)

    source = es.get_bulk_client().get(index=es.index_name("case-studies"), id=str(pb.pk))["_source"]
    assert source["title"] == "Residents decide the whole budget"


def test_a_failed_rebuild_leaves_the_live_index_serving_and_cleans_up(catalogue):
    indexed = indexed_type("case-studies")
    client = es.get_bulk_client()
    alias = es.index_name("case-studies")
    live_before = set(client.indices.get_alias(name=alias))

    def broken(obj):
        raise ValueError("serializer bug")

    with pytest.raises(ValueError, match="serializer bug"):
        services.rebuild(indexed=dataclasses.replace(indexed, serialize=broken))

    assert set(client.indices.get_alias(name=alias)) == live_before
    assert not client.indices.exists_alias(name=services.building_alias(indexed))
    assert titles("surgery") == ["A time bank at the surgery"]


def test_a_rebuild_clears_what_an_interrupted_one_left_behind(catalogue, django_capture_on_commit_callbacks):
    indexed = indexed_type("case-studies")
    client = es.get_bulk_client()
    # What a rebuild killed mid-load leaves: a half-filled index behind the building alias.
    from portal.search.documents import index_for

    orphan = services.versioned_name(indexed)
    index_for(indexed.document, orphan).create(using=client)
    client.indices.put_alias(index=orphan, name=services.building_alias(indexed))

    with django_capture_on_commit_callbacks(execute=True):
        catalogue["pb"].unpublish()  # pushes still work meanwhile
    result = services.rebuild(indexed=indexed)

    assert not client.indices.exists(index=orphan)
    assert not client.indices.exists_alias(name=services.building_alias(indexed))
    assert result["loaded"] == 2
    assert index_ids() == database_ids()


def test_a_rebuild_keeps_the_index_it_replaced_and_removes_older_ones(catalogue):
    indexed = indexed_type("case-studies")
    client = es.get_bulk_client()
    first = services.rebuild(indexed=indexed)
    second = services.rebuild(indexed=indexed)
    third = services.rebuild(indexed=indexed)

    assert third["replaced"] == [second["index"]]
    assert client.indices.exists(index=second["index"])
    assert not client.indices.exists(index=first["index"])


def test_changing_an_organisation_s_kind_reindexes_its_case_studies(catalogue, django_capture_on_commit_callbacks):
    from portal.practices.models import CaseStudyOrganisation
    from tests.network.factories import OrganisationFactory
    from tests.taxonomy.factories import OrganisationKindFactory

    organisation = OrganisationFactory(kind=OrganisationKindFactory(name="Charity"))
    CaseStudyOrganisation.objects.create(page=catalogue["timebank"], organisation=organisation)
    services.rebuild(indexed=indexed_type("case-studies"))
    assert titles(organisation_kind="charity", type="case_study") == ["A time bank at the surgery"]

    with django_capture_on_commit_callbacks(execute=True):
        organisation.kind = OrganisationKindFactory(name="Social enterprise")
        organisation.save()

    assert titles(organisation_kind="charity") == []
    assert titles(organisation_kind="social-enterprise", type="case_study") == ["A time bank at the surgery"]
    assert titles(organisation_kind="social-enterprise", type="organisation") == [organisation.name]


def test_renaming_a_service_area_reindexes_its_case_studies(catalogue, taxonomy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        area = taxonomy["social-care"]
        area.name = "Adult social care"
        area.save()

    source = es.get_bulk_client().get(index=es.index_name("case-studies"), id=str(catalogue["budgets"].pk))
    assert source["_source"]["service_area_name"] == "Adult social care"


def test_a_page_made_private_leaves_the_index(catalogue, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    timebank = catalogue["timebank"]
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=timebank, restriction_type=PageViewRestriction.LOGIN)

    assert str(timebank.pk) not in index_ids()
    assert index_ids() == database_ids()


def test_discussion_topics_are_indexed_and_leave_when_deleted(catalogue, django_capture_on_commit_callbacks):
    from tests.discussions.factories import TopicFactory

    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(title="Paying peer researchers", body="How do you **pay** peer researchers fairly?")
    assert titles("peer researchers", type="topic") == ["Paying peer researchers"]
    source = es.get_bulk_client().get(index=es.index_name("topics"), id=str(topic.pk))["_source"]
    assert source["summary"].strip() == "How do you pay peer researchers fairly?"

    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert titles("peer researchers", type="topic") == []


def test_deactivating_an_account_removes_its_profile(es_index_prefix, db, django_capture_on_commit_callbacks):
    from tests.network.factories import PractitionerProfileFactory

    profile = PractitionerProfileFactory(display_name="Ada Reciprocity")
    services.rebuild(indexed=indexed_type("profiles"))
    assert index_ids("profiles") == [str(profile.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        profile.user.is_active = False
        profile.user.save()

    assert index_ids("profiles") == []


def test_a_case_study_document_carries_the_words_of_every_text_block(es_index_prefix, db):
    from portal.practices.indexing import case_study_document, indexable_case_studies

    page = CaseStudyPageFactory(
        body=[
            {"type": "section", "value": {"kind": "context", "heading": "", "text": "<p>Bins &amp; <b>bags</b></p>"}},
            {"type": "quote", "value": {"text": "It felt like ours", "attribution": "Maureen"}},
            {"type": "key_facts", "value": {"facts": [{"value": "33%", "label": "recycling rate"}]}},
        ]
    )

    body = case_study_document(indexable_case_studies().get(pk=page.pk))["body"]

    for words in ["Bins & bags", "It felt like ours Maureen", "33% recycling rate"]:
        assert words in body
    assert "<" not in body


def test_saving_a_service_area_unchanged_reindexes_nothing(catalogue, taxonomy):
    taxonomy["health"].save()

    assert not services.pending_rows().exists()
