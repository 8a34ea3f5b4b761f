"""Long topics come in pages of whole conversations: a reply never leaves its parent's page, links to a
comment open the page that shows it, a page costs the same queries whatever the topic's size, and live
events say which page a comment belongs on."""

import json

import pytest
import websockets
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions import selectors, services
from tests.conftest import run_async, running_daphne
from tests.discussions.conftest import in_worker
from tests.discussions.test_live_channel import next_event
from tests.discussions.test_live_thread import topic_url


def add_comment(topic, user, text, parent=None):
    """A published comment straight in the table (xtd's save() places it in its thread), no notices."""
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(topic),
        object_pk=str(topic.pk),
        site_id=1,
        user=user,
        user_name=user.profile.display_name,
        user_email=user.email,
        comment=text,
        submit_date=timezone.now(),
        parent_id=parent.pk if parent else 0,
        is_public=True,
    )


def conversations(topic, user, count, replies=2):
    roots = []
    for n in range(count):
        root = add_comment(topic, user, f"Conversation {n}")
        for r in range(replies):
            add_comment(topic, user, f"Reply {r} to conversation {n} mentioning @nobody", parent=root)
        roots.append(root)
    return roots


@pytest.fixture
def five_per_page(settings):
    settings.DISCUSSION_THREADS_PER_PAGE = 5


@pytest.mark.django_db
def test_a_page_shows_whole_conversations_and_links_to_the_others(client, topic, member, five_per_page):
    roots = conversations(topic, member, 12)

    first = client.get(topic.get_absolute_url()).content.decode()
    last = client.get(topic.get_absolute_url(), {"page": 3}).content.decode()

    assert "Conversation 4<" in first
    assert "Reply 1 to conversation 4" in first
    assert "Conversation 5<" not in first
    assert f'id="c{roots[10].pk}"' in last
    assert f'id="c{roots[9].pk}"' not in last
    assert 'href="?page=2#thread-' in first
    assert "Page 3 of 3" in last
    assert "<span data-comment-count>36</span>" in first  # the count is the whole topic's


@pytest.mark.django_db
def test_a_late_reply_stays_on_its_parents_page(client, topic, member, other_member, five_per_page):
    roots = conversations(topic, member, 12)
    reply = services.post_comment(target=topic, user=other_member, text="Late reply", reply_to=roots[0])

    first = client.get(topic.get_absolute_url()).content.decode()

    assert f'id="c{reply.pk}"' in first
    assert selectors.page_of_comment(reply) == 1
    assert selectors.comment_event(reply)["page"] == 1


@pytest.mark.django_db
def test_a_link_to_a_comment_opens_the_page_that_shows_it(client, topic, member, five_per_page):
    roots = conversations(topic, member, 12)
    wanted = XtdComment.objects.filter(parent_id=roots[7].pk).exclude(pk=roots[7].pk).first()

    html = client.get(selectors.comment_path(topic, wanted)).content.decode()

    assert selectors.comment_path(topic, wanted) == f"{topic.get_absolute_url()}?c={wanted.pk}#c{wanted.pk}"
    assert f'id="c{wanted.pk}"' in html
    assert "Page 2 of 3" in html


@pytest.mark.django_db
def test_the_jump_to_the_first_new_comment_goes_to_its_page(client, topic, member, other_member, five_per_page):
    conversations(topic, member, 6, replies=0)
    client.force_login(other_member)
    client.get(topic.get_absolute_url(), {"page": 2})  # saw the newest one
    earlier = client.get(topic.get_absolute_url()).content.decode()  # page 1: nothing new
    new = add_comment(topic, member, "After the visit")  # a new conversation: page 2

    html = client.get(topic.get_absolute_url()).content.decode()

    assert "Jump to the first new comment" not in earlier
    assert f'href="?c={new.pk}#first-unread"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, topic, member, five_per_page, page):
    conversations(topic, member, 7, replies=0)

    response = client.get(topic.get_absolute_url(), {"page": page})

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_for_20_or_200_comments(client, topic, member, other_member):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(topic.get_absolute_url()).status_code == 200
        return len(captured)

    def grow(count):
        for root in conversations(topic, member, count, replies=4):
            services.toggle_reaction(comment=root, user=other_member, kind="like")
            services.edit_comment(comment=root, editor=member, text="Edited, with @someone")

    client.force_login(other_member)
    grow(4)  # 20 comments
    queries()  # warms the per-process caches (content types, site, settings)
    queries()  # the first view made the site's chrome settings: a write that renders the chrome once more
    few = queries()
    grow(36)  # 200 comments
    queries()
    many = queries()

    assert many == few, f"{few} queries for 20 comments, {many} for 200"


@pytest.mark.django_db(transaction=True)
def test_a_reader_catching_up_learns_each_comments_page(settings, redis_url, elasticsearch_url, topic, member):
    roots = in_worker(conversations, topic, member, 6, replies=0)
    reply = in_worker(add_comment, topic, member, "Reply on page one", parent=roots[0])

    async def scenario(base_url):
        async with websockets.connect(topic_url(base_url, topic), origin=base_url) as ws:
            await ws.send(json.dumps({"since": roots[4].pk, "since_late": 0}))
            return [await next_event(ws, "comment"), await next_event(ws, "comment")]

    overrides = {"REDIS_URL": redis_url, "ELASTICSEARCH_URL": elasticsearch_url, "DISCUSSION_THREADS_PER_PAGE": "5"}
    with running_daphne(settings, **overrides) as base_url:
        events = {event["id"]: event["page"] for event in run_async(scenario, base_url)}

    assert events == {roots[5].pk: 2, reply.pk: 1}
