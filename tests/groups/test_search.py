"""Search, both engines: a private group's topics never reach the index; an open group's do."""

from django.http import QueryDict

from portal.discussions import services as discussions
from portal.groups.models import Access
from portal.search import database, selectors
from portal.search.forms import parse_search_request
from tests.groups.conftest import private_group_with_topic


def topic_titles(q: str) -> list[str]:
    params = QueryDict(mutable=True)
    params["q"] = q
    params["type"] = "topic"
    return sorted(hit["title"] for hit in selectors.search(parse_search_request(params)).hits)


def test_elasticsearch_never_holds_a_private_group_s_topics(
    es_index_prefix, open_group, organiser, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        private_group_with_topic(Access.INVITE, organiser, member, title="Secret contract clauses")
        discussions.start_topic(forum=open_group.forum, author=member, title="Open contract clauses", body="Share")
    assert topic_titles("contract clauses") == ["Open contract clauses"]

    with django_capture_on_commit_callbacks(execute=True):  # the open group turns private: its topics leave
        open_group.access = Access.REQUEST
        open_group.save()
    assert topic_titles("contract clauses") == []


def test_the_database_engine_never_holds_a_private_group_s_topics(open_group, organiser, member, settings):
    settings.ELASTICSEARCH_URL = ""
    private_group_with_topic(Access.REQUEST, organiser, member, title="Secret contract clauses")
    discussions.start_topic(forum=open_group.forum, author=member, title="Open contract clauses", body="Share")
    database.rebuild()
    assert topic_titles("contract clauses") == ["Open contract clauses"]
