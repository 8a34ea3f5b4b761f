"""Unread markers per member and topic, sorting a forum's topics, and the search box scoped to discussions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.discussions import services
from portal.discussions.models import Topic, TopicVisit
from tests.discussions.factories import ForumFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_second_visit_marks_and_links_the_first_new_comment(client, topic, member, other_member):
    services.post_comment(target=topic, user=other_member, text="Seen on the first visit")
    client.force_login(member)
    first = client.get(topic.get_absolute_url()).content.decode()
    new = services.post_comment(target=topic, user=other_member, text="Posted after the visit")

    html = client.get(topic.get_absolute_url()).content.decode()

    assert "Jump to the first new comment" not in first
    assert '<a href="#first-unread">Jump to the first new comment</a>' in html
    assert f'id="c{new.pk}"' in html.split('id="first-unread"')[0].rsplit("<li", 1)[1]


def test_re_reading_a_topic_with_nothing_new_writes_nothing(client, topic, member, other_member):
    services.post_comment(target=topic, user=other_member, text="Once")
    client.force_login(member)
    client.get(topic.get_absolute_url())

    with CaptureQueriesContext(connection) as captured:
        client.get(topic.get_absolute_url())

    writes = [q["sql"] for q in captured if q["sql"].split()[0] in {"INSERT", "UPDATE"} and "topicvisit" in q["sql"]]
    assert writes == []
    assert TopicVisit.objects.get(user=member).last_seen_comment_id > 0


def test_forum_pages_say_which_topics_are_new_since_the_last_visit(client, member, other_member):
    forum = ForumFactory()
    read = TopicFactory(forum=forum, title="Read and quiet")
    active = TopicFactory(forum=forum, title="Read, then active")
    client.force_login(member)
    for topic in (read, active):
        client.get(topic.get_absolute_url())
    Topic.objects.filter(pk=active.pk).update(last_activity_at=timezone.now() - timedelta(days=1))
    TopicVisit.objects.update(visited_at=timezone.now() - timedelta(days=2))
    Topic.objects.filter(pk=read.pk).update(last_activity_at=timezone.now() - timedelta(days=3))

    forum_html = client.get(forum.get_absolute_url()).content.decode()
    list_html = client.get("/discussions/").content.decode()

    cards = {title: forum_html.split(title)[1].split("</h2>")[0] for title in ("Read and quiet", "Read, then active")}
    assert "New since your last visit" in cards["Read, then active"]
    assert "New since your last visit" not in cards["Read and quiet"]
    assert "1 topic with new comments since your last visit" in list_html


@pytest.mark.parametrize(
    ("sort", "expected"), [("activity", ["B", "A", "C"]), ("replies", ["C", "B", "A"]), ("newest", ["A", "C", "B"])]
)
def test_topics_sort_by_activity_replies_or_newest(client, sort, expected):
    forum = ForumFactory()
    now = timezone.now()
    for title, created, active, replies in [("A", 1, 5, 0), ("B", 9, 1, 2), ("C", 5, 8, 7)]:
        TopicFactory(
            forum=forum,
            title=f"Topic {title}",
            created_at=now - timedelta(days=created),
            last_activity_at=now - timedelta(days=active),
            reply_count=replies,
        )

    html = client.get(forum.get_absolute_url(), {"sort": sort}).content.decode()

    positions = {title: html.index(f">Topic {title}<") for title in "ABC"}
    assert sorted(positions, key=positions.get) == expected
    assert f'<option value="{sort}" selected>' in html


def test_an_unknown_sort_falls_back_to_latest_activity(client):
    forum = ForumFactory()

    assert client.get(forum.get_absolute_url(), {"sort": "<script>"}).status_code == 200


def test_forum_pages_offer_a_search_scoped_to_discussions(client):
    html = client.get(ForumFactory().get_absolute_url()).content.decode()

    assert '<input type="hidden" name="type" value="topic">' in html
    assert 'action="/search/"' in html
