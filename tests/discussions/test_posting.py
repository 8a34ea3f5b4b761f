"""Posting comments over HTTP through xtd's post view: threading, limits and refusals, sanitising."""

import pytest

from portal.discussions import services
from portal.discussions.rendering import render_markdown
from portal.discussions.services import COMMENT_RATE
from tests.discussions.conftest import comment_data, comments_on
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db

POST_URL = "/discussions/comments/post/"


def post(client, target, text, reply_to=0):
    return client.post(POST_URL, comment_data(target, text, reply_to, next_url="/discussions/"))


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_a_member_posts_a_comment_and_returns_to_the_thread(signed_in, topic, member):
    response = post(signed_in, topic, "We pay *vouchers*.")

    comment = comments_on(topic).get()
    assert response.status_code == 302
    assert response["Location"].startswith("/discussions/?c=")
    assert (comment.user, comment.name, comment.level) == (member, "Amira Okafor", 0)
    topic.refresh_from_db()
    assert topic.reply_count == 1


def test_a_reply_nests_under_its_parent_and_shows_in_the_thread(signed_in, client, topic):
    post(signed_in, topic, "First thought")
    parent = comments_on(topic).get()
    post(signed_in, topic, "A reply to it", reply_to=parent.pk)

    reply = comments_on(topic).last()
    assert (reply.parent_id, reply.level, reply.thread_id) == (parent.pk, 1, parent.pk)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert html.index(f'id="c{parent.pk}"') < html.index(f'id="c{reply.pk}"')


def test_a_reply_beyond_the_maximum_depth_is_a_form_error(signed_in, topic, settings):
    parent_id = 0
    for level in range(settings.COMMENTS_XTD_MAX_THREAD_LEVEL + 1):
        post(signed_in, topic, f"level {level}", reply_to=parent_id)
        parent_id = comments_on(topic).last().pk

    response = post(signed_in, topic, "Too deep, but kept", reply_to=parent_id)

    assert response.status_code == 200
    assert "levels deep at most" in response.content.decode()
    assert "Too deep, but kept" in response.content.decode()
    assert comments_on(topic).count() == settings.COMMENTS_XTD_MAX_THREAD_LEVEL + 1


def test_a_reply_to_a_comment_of_another_thread_is_refused(signed_in, topic):
    elsewhere = TopicFactory()
    post(signed_in, elsewhere, "Over there")
    foreign = comments_on(elsewhere).get()

    response = post(signed_in, topic, "Crossing threads", reply_to=foreign.pk)

    assert response.status_code == 200
    assert "reply to a published comment in this thread" in response.content.decode()
    assert not comments_on(topic).exists()


@pytest.mark.parametrize(("text", "error"), [("   ", "Write something"), ("x" * 50_000, "at most 5000")])
def test_an_empty_or_huge_comment_is_a_form_error(signed_in, topic, text, error):
    response = post(signed_in, topic, text)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not comments_on(topic).exists()


def test_a_locked_topic_takes_no_reply(signed_in, topic):
    services.set_topic_locked(topic=topic, is_locked=True)

    response = post(signed_in, topic, "Still want to say this")

    assert response.status_code == 200
    assert "locked" in response.content.decode()
    assert "Still want to say this" in response.content.decode()
    assert not comments_on(topic).exists()


def test_an_anonymous_post_is_refused_with_an_invitation_to_join(client, topic):
    response = post(client, topic, "Hello")

    assert response.status_code == 403
    assert "You need to be a member to add comments" in response.content.decode()
    assert not comments_on(topic).exists()


def test_a_tampered_form_is_a_bad_request_not_an_error(signed_in, topic):
    data = comment_data(topic, "Hello")
    data["security_hash"] = "0" * 40
    assert signed_in.post(POST_URL, data).status_code == 400


def test_posting_is_rate_limited_per_member(signed_in, topic):
    statuses = [post(signed_in, topic, f"comment {n}").status_code for n in range(COMMENT_RATE + 1)]
    assert statuses[:-1] == [302] * COMMENT_RATE
    assert statuses[-1] == 429


SCRIPT_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    '![x](x" onerror="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "```\n</code><script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_markdown_never_renders_script(payload):
    html = str(render_markdown(payload)).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert " onerror=" not in html
    for tag in ("<img", "<svg", "<iframe", "<style", "<details", "<math", " style="):
        assert tag not in html
    assert "data:text/html" not in html


def test_a_posted_script_is_shown_as_text_not_run(signed_in, client, topic):
    post(signed_in, topic, "Look: <script>alert('x')</script> **bold**")

    html = client.get(topic.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "<strong>bold</strong>" in html


def test_links_in_comments_are_marked_as_user_content():
    html = str(render_markdown("[our report](https://example.org/report)"))
    assert 'href="https://example.org/report"' in html
    assert "nofollow" in html


def test_refused_posts_do_not_count_against_the_rate_limit(signed_in, topic):
    refused = [post(signed_in, topic, "   ").status_code for _ in range(COMMENT_RATE + 2)]
    accepted = [post(signed_in, topic, f"comment {n}").status_code for n in range(COMMENT_RATE)]

    assert set(refused) == {200}
    assert accepted == [302] * COMMENT_RATE
    assert post(signed_in, topic, "one too many").status_code == 429
