"""Reactions: members like or agree with a comment once each, take it back, and everyone sees the counts."""

import re

import pytest
from django.urls import reverse

from portal.discussions import services
from portal.discussions.models import Reaction
from tests.conftest import queries_for
from tests.discussions.conftest import make_member

pytestmark = pytest.mark.django_db


def react(client, comment, kind):
    return client.post(reverse("discussions:react", args=[comment.pk]), {"kind": kind, "next": "/discussions/"})


def page_html(client, topic) -> str:
    """The topic page with each count as plain text (the page wraps counts in a span live updates fill)."""
    html = client.get(topic.get_absolute_url()).content.decode()
    return re.sub(r"<span data-count>(\d+)</span>", r"\1", html)


@pytest.fixture
def comment(topic):
    return services.post_comment(target=topic, user=make_member("Sam Writer"), text="Pay people for their time.")


def test_members_like_and_agree_and_everyone_sees_the_counts(client, topic, comment, member, other_member):
    for user, kind in [(member, "agree"), (other_member, "agree"), (other_member, "like")]:
        client.force_login(user)
        assert react(client, comment, kind).status_code == 302
    client.logout()

    html = page_html(client, topic)

    assert "Agree: 2" in html
    assert "Like: 1" in html


def test_reacting_again_takes_the_reaction_back(client, comment, member):
    client.force_login(member)

    react(client, comment, "like")
    react(client, comment, "like")

    assert not Reaction.objects.exists()


def test_a_member_sees_which_reactions_are_theirs(client, topic, comment, member):
    client.force_login(member)
    react(client, comment, "agree")

    html = page_html(client, topic)

    assert 'data-reaction="agree" aria-pressed="true">Agree (1)' in html
    assert 'data-reaction="like" aria-pressed="false">Like (0)' in html


def test_an_unknown_reaction_is_a_bad_request(client, comment, member):
    client.force_login(member)

    assert react(client, comment, "<script>").status_code == 400
    assert not Reaction.objects.exists()


def test_an_anonymous_visitor_cannot_react(client, comment):
    response = react(client, comment, "like")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Reaction.objects.exists()


def test_a_thread_reads_reactions_in_a_fixed_number_of_queries(client, topic, member, other_member):
    def add_reacted_comments(count):
        for n in range(count):
            comment = services.post_comment(target=topic, user=member, text=f"Point {n}")
            services.toggle_reaction(comment=comment, user=other_member, kind="like")

    client.force_login(other_member)
    add_reacted_comments(3)
    few = queries_for(client, topic.get_absolute_url())
    add_reacted_comments(12)
    more = queries_for(client, topic.get_absolute_url())

    assert more == few, f"{few} queries for 3 reacted comments, {more} for 15"


def test_nobody_reacts_to_their_own_comment(client, topic, comment):
    client.force_login(comment.user)

    html = client.get(topic.get_absolute_url()).content.decode()
    response = react(client, comment, "like")

    assert response.status_code == 403
    assert not Reaction.objects.exists()
    own = html.split(f'id="c{comment.pk}"')[1].split("</article>")[0]
    assert 'class="reaction-button"' not in own  # their own comment shows counts, not buttons
