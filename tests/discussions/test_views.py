"""Forum and topic pages, starting a topic, and the home page's latest topics."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.discussions import selectors
from portal.discussions.models import Topic
from tests.conftest import queries_for
from tests.discussions.factories import ForumFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_forum_list_shows_topic_counts_and_latest_activity(client):
    forum = ForumFactory(name="Measuring impact")
    TopicFactory.create_batch(3, forum=forum)
    ForumFactory(name="Paying people")

    html = client.get(reverse("discussions:forum_list")).content.decode()

    assert "Measuring impact" in html
    assert "3 topics" in html
    assert "0 topics" in html
    assert "latest activity" in html


def test_forum_lists_pinned_topics_first_then_latest_activity(client):
    forum = ForumFactory()
    now = timezone.now()
    old_pinned = TopicFactory(
        forum=forum, title="Read me first", is_pinned=True, last_activity_at=now - timedelta(days=9)
    )
    TopicFactory(forum=forum, title="Quiet topic", last_activity_at=now - timedelta(days=3))
    TopicFactory(forum=forum, title="Busy topic", last_activity_at=now)

    html = client.get(forum.get_absolute_url()).content.decode()

    assert html.index(old_pinned.title) < html.index("Busy topic") < html.index("Quiet topic")


def test_forum_pages_its_topics(client):
    forum = ForumFactory()
    TopicFactory.create_batch(selectors.TOPICS_PER_PAGE + 1, forum=forum)

    first = client.get(forum.get_absolute_url())
    second = client.get(forum.get_absolute_url(), {"page": 2})

    assert len(first.context["topics"]) == selectors.TOPICS_PER_PAGE
    assert len(second.context["topics"]) == 1


def test_forum_page_queries_do_not_grow_with_topics(client):
    forum = ForumFactory()
    TopicFactory.create_batch(3, forum=forum)
    few = queries_for(client, forum.get_absolute_url())
    TopicFactory.create_batch(12, forum=forum)
    more = queries_for(client, forum.get_absolute_url())

    assert more == few, f"{few} queries for 3 topics, {more} for 15"


def test_anonymous_reader_sees_the_thread_and_an_invitation_to_join(client, topic):
    html = client.get(topic.get_absolute_url()).content.decode()

    assert topic.title in html
    assert "<strong>£15 an hour</strong>" in html
    assert "You need to be a member to add comments" in html
    assert reverse("account_signup") in html
    assert 'name="comment"' not in html


def test_starting_a_topic_needs_a_member(client):
    forum = ForumFactory()
    response = client.get(reverse("discussions:topic_create", args=[forum.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_member_starts_a_topic(client, member):
    forum = ForumFactory()
    client.force_login(member)

    response = client.post(
        reverse("discussions:topic_create", args=[forum.slug]),
        {"title": "Who chairs the meeting?", "body": "In our group *residents* chair."},
    )

    topic = Topic.objects.get()
    assert response["Location"] == topic.get_absolute_url()
    assert (topic.author, topic.slug, topic.forum) == (member, "who-chairs-the-meeting", forum)


def test_an_empty_topic_is_refused_and_the_title_kept(client, member):
    forum = ForumFactory()
    client.force_login(member)

    response = client.post(reverse("discussions:topic_create", args=[forum.slug]), {"title": "Kept title", "body": " "})

    assert response.status_code == 200
    assert "Say what you would like to discuss." in response.content.decode()
    assert 'value="Kept title"' in response.content.decode()
    assert not Topic.objects.exists()


def test_latest_topics_are_the_most_recently_active(db):
    now = timezone.now()
    older = TopicFactory(last_activity_at=now - timedelta(hours=2))
    newer = TopicFactory(last_activity_at=now)

    assert selectors.latest_topics(2) == [newer, older]
    assert selectors.latest_topics(1)[0].forum.name
