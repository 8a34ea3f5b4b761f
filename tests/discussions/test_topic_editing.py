"""A topic's author edits it within the edit window; anyone else, or the author too late, gets a clear refusal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db


def edit_url(topic):
    return reverse("discussions:topic_edit", kwargs={"forum_slug": topic.forum.slug, "topic_slug": topic.slug})


@pytest.fixture
def own_topic(member):
    return TopicFactory(author=member, title="Paying people", body="First draft")


def test_the_author_edits_their_topic_and_its_address_stays(client, own_topic, member):
    client.force_login(member)
    address = own_topic.get_absolute_url()

    response = client.post(edit_url(own_topic), {"title": "Paying people fairly", "body": "Second **draft**"})

    own_topic.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == address
    assert (own_topic.title, own_topic.body, own_topic.get_absolute_url()) == (
        "Paying people fairly",
        "Second **draft**",
        address,
    )
    assert "<strong>draft</strong>" in client.get(address).content.decode()


def test_the_topic_page_offers_its_author_the_edit_link_only_within_the_window(client, own_topic, member, settings):
    client.force_login(member)
    assert edit_url(own_topic) in client.get(own_topic.get_absolute_url()).content.decode()

    settings.DISCUSSION_TOPIC_EDIT_MINUTES = 0
    assert edit_url(own_topic) not in client.get(own_topic.get_absolute_url()).content.decode()


def test_after_the_window_the_author_is_told_why_not(client, own_topic, member, settings):
    own_topic.created_at = timezone.now() - timedelta(minutes=settings.DISCUSSION_TOPIC_EDIT_MINUTES + 1)
    own_topic.save()
    client.force_login(member)

    response = client.post(edit_url(own_topic), {"title": "Too late", "body": "Changed"})

    assert response.status_code == 403
    assert "can be edited for 30 minutes after it is started" in response.content.decode()
    own_topic.refresh_from_db()
    assert own_topic.title == "Paying people"


def test_another_member_cannot_edit_the_topic(client, own_topic, other_member):
    client.force_login(other_member)

    response = client.get(edit_url(own_topic))

    assert response.status_code == 403
    assert "Only the member who started a topic can edit it" in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client, own_topic):
    response = client.get(edit_url(own_topic))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_empty_title_is_a_form_error_that_keeps_the_text(client, own_topic, member):
    client.force_login(member)

    response = client.post(edit_url(own_topic), {"title": "  ", "body": "Kept <script>alert(1)</script>"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the topic a title." in html
    assert "Kept &lt;script&gt;alert(1)&lt;/script&gt;" in html
    own_topic.refresh_from_db()
    assert own_topic.title == "Paying people"
