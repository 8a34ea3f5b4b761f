"""The /comments/ routes: only the chosen xtd views are served, and none goes around the members' gate."""

import pytest

from portal.discussions import services
from portal.discussions.services import COMMENT_RATE
from tests.discussions.conftest import comment_data, comments_on

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('x')</script> <img src=x onerror=alert(1)>"


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_xtds_post_address_goes_through_the_members_gate(client, topic):
    response = client.post("/comments/post/", comment_data(topic, "Anonymous words"))

    assert response.status_code == 403
    assert not comments_on(topic).exists()


def test_a_member_cannot_post_under_another_name_through_xtds_address(signed_in, topic):
    signed_in.post("/comments/post/", {**comment_data(topic, "Hello", next_url="/"), "name": "Site Editor"})

    assert comments_on(topic).get().name == "Amira Okafor"


def test_xtds_post_address_counts_against_the_rate_limit(signed_in, topic):
    for n in range(COMMENT_RATE):
        signed_in.post("/comments/post/", comment_data(topic, f"Comment {n}", next_url="/"))

    response = signed_in.post("/comments/post/", comment_data(topic, "One too many", next_url="/"))

    assert response.status_code == 429
    assert comments_on(topic).count() == COMMENT_RATE


@pytest.mark.parametrize(
    "path",
    ["reply/{id}/", "flag/{id}/", "like/{id}/", "dislike/{id}/", "delete/{id}/", "approve/{id}/", "sent/?c={id}"],
)
def test_xtd_pages_that_render_comment_text_unsanitised_are_not_served(signed_in, topic, member, path):
    comment = services.post_comment(target=topic, user=member, text=PAYLOAD)

    response = signed_in.get("/comments/" + path.format(id=comment.pk))

    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()


def test_xtds_api_neither_lists_comments_nor_takes_posts(signed_in, topic, member):
    services.post_comment(target=topic, user=member, text="Listed?")

    listing = signed_in.get(f"/comments/api/discussions-topic/{topic.pk}/")
    create = signed_in.post("/comments/api/comment/", comment_data(topic, "Around the gate"))

    assert (listing.status_code, create.status_code) == (404, 404)
    assert comments_on(topic).count() == 1


def test_a_comments_permalink_still_leads_to_its_thread(client, topic, member):
    comment = services.post_comment(target=topic, user=member, text="Find me")

    response = client.get(comment.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].split("#")[0].endswith(topic.get_absolute_url())
