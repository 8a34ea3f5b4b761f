"""Search, both engines: a private group's topics are found by the group's members only, never by other
members or anonymous visitors, on the search page, the API, suggestions and exports; an open group's topics
are found by everyone."""

import pytest
from django.test import Client

from portal.discussions import services as discussions
from portal.groups import services as groups
from portal.groups.models import Access
from portal.search import database
from tests.groups.conftest import private_group_with_topic

SECRET, OPEN = "Secret contract clauses", "Open contract clauses"


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def found_by(user, q="contract clauses") -> dict[str, list[str]]:
    """What one searcher finds, by where they look: the page, the API, suggestions and both exports."""
    client = signed_in(user)
    query = {"q": q, "type": "topic"}
    page = client.get("/search/", query)
    api = client.get("/api/search/", query).json()
    suggestions = client.get("/search/suggest/", {"q": q}).json()["suggestions"]
    csv_export = client.get("/search/export.csv", query).content.decode()
    json_export = client.get("/search/export.json", query).json()
    assert page.status_code == 200
    return {
        "page": sorted(title for title in (SECRET, OPEN) if title in page.content.decode()),
        "api": sorted(hit["title"] for hit in api["results"]),
        "suggestions": sorted(hit["title"] for hit in suggestions),
        "csv": sorted(title for title in (SECRET, OPEN) if title in csv_export),
        "json": sorted(hit["title"] for hit in json_export["results"]),
    }


def everywhere(titles) -> dict[str, list[str]]:
    return dict.fromkeys(("page", "api", "suggestions", "csv", "json"), sorted(titles))


def a_private_and_an_open_topic(open_group, organiser, member):
    group, topic = private_group_with_topic(Access.INVITE, organiser, member, title=SECRET)
    discussions.start_topic(forum=open_group.forum, author=member, title=OPEN, body="Share")
    return group, topic


def assert_only_members_find_the_private_topic(member, outsider):
    assert found_by(member) == everywhere([OPEN, SECRET])
    assert found_by(outsider) == everywhere([OPEN])
    assert found_by(None) == everywhere([OPEN])  # anonymous, after a member searched the same: nothing kept


def test_elasticsearch_finds_a_private_group_s_topics_for_its_members_only(
    es_index_prefix, open_group, organiser, member, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a_private_and_an_open_topic(open_group, organiser, member)

    assert_only_members_find_the_private_topic(member, outsider)
    assert signed_in(member).get("/api/search/", {"q": "contract"})["Cache-Control"] == "private"

    with django_capture_on_commit_callbacks(execute=True):  # the open group turns private: its topics too
        open_group.access = Access.REQUEST
        open_group.save()
    assert found_by(outsider) == everywhere([])
    assert found_by(member) == everywhere([OPEN, SECRET])


def test_the_database_engine_finds_a_private_group_s_topics_for_its_members_only(
    open_group, organiser, member, outsider, settings
):
    settings.ELASTICSEARCH_URL = ""
    a_private_and_an_open_topic(open_group, organiser, member)
    database.rebuild()

    assert_only_members_find_the_private_topic(member, outsider)


def test_a_member_who_leaves_a_private_group_no_longer_finds_its_topics(
    open_group, organiser, member, outsider, settings
):
    settings.ELASTICSEARCH_URL = ""
    group, _ = a_private_and_an_open_topic(open_group, organiser, member)
    database.rebuild()
    assert SECRET in found_by(member)["api"]

    groups.leave_group(group=group, user=member)

    assert found_by(member) == everywhere([OPEN])


@pytest.mark.parametrize("word", ["secret", "secrte"])
def test_a_private_topic_s_words_are_not_offered_to_others_as_corrections(
    open_group, organiser, member, outsider, settings, word
):
    settings.ELASTICSEARCH_URL = ""
    a_private_and_an_open_topic(open_group, organiser, member)
    database.rebuild()

    answer = signed_in(outsider).get("/api/search/", {"q": word}).json()

    assert answer["total"] == 0
    assert "secret" not in str(answer).lower().replace(word, "")


def test_elasticsearch_offers_nobody_else_a_private_topic_s_words_as_a_correction(
    es_index_prefix, open_group, organiser, member, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a_private_and_an_open_topic(open_group, organiser, member)

    # The suggester reads every document's words; "contract" finds the open topic, "secret" only the private one.
    for searcher in (outsider, None):
        answer = signed_in(searcher).get("/api/search/", {"q": "secrte contract"}).json()
        assert "secret" not in (answer["did_you_mean"] + answer["corrected_from"]).lower()
        assert [hit["title"] for hit in answer["results"]] == [OPEN]
