"""The privacy rule on every channel: a private group's topics, comments and members never reach outsiders.

Each test names its channel. The rule itself lives in portal.groups.selectors; discussions reads it
through portal.discussions.access, and search through discussions' indexing.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from portal.discussions import selectors as discussions
from portal.discussions import services as discussion_services
from portal.groups import selectors, services
from portal.groups.models import Access
from portal.notifications.models import Notification
from tests.groups.conftest import person


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(params=[Access.INVITE, Access.REQUEST])
def private(request, organiser, member):
    from tests.groups.conftest import private_group_with_topic

    return private_group_with_topic(request.param, organiser, member)


# --- the rule -------------------------------------------------------------------------------------------


def test_the_rule_hides_insides_of_private_groups_from_outsiders_and_the_public(private, member, outsider):
    group, _ = private
    assert selectors.can_see_inside(group, member)
    assert not selectors.can_see_inside(group, outsider)
    assert not selectors.can_see_inside(group, None)
    assert group.pk in set(selectors.private_group_ids_hidden_from(outsider))
    assert group.pk not in set(selectors.private_group_ids_hidden_from(member))


def test_an_invite_only_group_is_not_even_listed_for_outsiders(invite_only, member, outsider):
    group, _ = invite_only
    assert client_for(outsider).get("/groups/").content.decode().count(group.name) == 0
    assert client_for().get(f"/groups/{group.slug}/").status_code == 404
    assert client_for(outsider).get(f"/groups/{group.slug}/").status_code == 404
    assert group.name in client_for(member).get("/groups/").content.decode()


def test_a_by_request_group_page_shows_outsiders_its_about_but_not_its_members_or_topics(by_request, outsider):
    group, topic = by_request
    page = client_for(outsider).get(f"/groups/{group.slug}/").content.decode()
    assert group.name in page
    assert "Ask to join" in page
    assert "Mina Member" not in page
    assert topic.title not in page


# --- discussions' pages and actions ----------------------------------------------------------------------


def test_topic_and_forum_pages_answer_404_to_outsiders_and_open_for_members(private, member, outsider):
    group, topic = private
    for user in (None, outsider):
        client = client_for(user)
        assert client.get(topic.get_absolute_url()).status_code == 404
        assert client.get(group.forum.get_absolute_url()).status_code == 404
        assert group.forum.name not in client.get("/discussions/").content.decode()
    assert client_for(member).get(topic.get_absolute_url()).status_code == 200
    assert client_for(member).get(group.forum.get_absolute_url()).status_code == 200


def test_an_outsider_cannot_start_a_topic_in_a_private_group_forum(private, outsider):
    group, _ = private
    response = client_for(outsider).post(f"{group.forum.get_absolute_url()}new/", {"title": "Hi", "body": "Let me in"})
    assert response.status_code == 404
    assert group.forum.topics.count() == 1


def test_an_outsider_cannot_comment_follow_react_or_report_in_a_private_topic(private, member, outsider):
    from tests.discussions.conftest import comment_data

    _group, topic = private
    comment = discussion_services.post_comment(target=topic, user=member, text="Members only reply")
    client = client_for(outsider)
    assert client.post("/discussions/comments/post/", comment_data(topic, "Sneaking in")).status_code == 404
    assert (
        client.post("/discussions/follow/", {"thread": "discussions.topic", "object_id": topic.pk}).status_code == 404
    )
    assert client.post(f"/discussions/comments/{comment.pk}/react/", {"kind": "like"}).status_code == 404
    assert client.post(f"/discussions/comments/{comment.pk}/report/").status_code == 404
    assert discussions.visible_comments(ContentType.objects.get_for_model(topic), topic.pk).count() == 1


def test_a_member_can_comment_in_their_private_group_topic(private, member):
    from tests.discussions.conftest import comment_data

    _, topic = private
    response = client_for(member).post("/discussions/comments/post/", comment_data(topic, "Our own reply"))
    assert response.status_code == 302
    assert discussions.visible_comments(ContentType.objects.get_for_model(topic), topic.pk).count() == 1


# --- sitemap, home page, activity --------------------------------------------------------------------


def test_the_sitemap_leaves_out_private_topics_and_invite_only_groups(site_tree, invite_only, open_group):
    group, topic = invite_only
    xml = client_for().get("/sitemap.xml").content.decode()
    assert topic.slug not in xml
    assert f"/groups/{group.slug}/" not in xml
    assert f"/groups/{open_group.slug}/" in xml


def test_the_latest_topics_on_the_home_page_leave_out_private_ones(private, open_group, member):
    _, topic = private
    public = discussion_services.start_topic(forum=open_group.forum, author=member, title="Open chat", body="Hi")
    latest = discussions.latest_topics(10)
    assert public in latest
    assert topic not in latest


# --- live sockets -------------------------------------------------------------------------------------


def test_the_live_thread_of_a_private_topic_refuses_outsiders(private, member, outsider):
    _, topic = private
    assert discussions.readable_thread("discussions.topic", topic.pk, None) is None
    assert discussions.readable_thread("discussions.topic", topic.pk, outsider) is None
    assert discussions.readable_thread("discussions.topic", topic.pk, member) is not None


# --- notifications --------------------------------------------------------------------------------------


def test_a_follower_who_left_the_group_hears_nothing_of_new_comments(private, organiser, member):
    group, topic = private
    discussion_services.follow(user=organiser, target=topic)
    services.leave_group(group=group, user=member)  # the topic's author, who follows it, leaves
    discussion_services.post_comment(target=topic, user=organiser, text="Still here?")
    assert not Notification.objects.filter(recipient=member).exists()


def test_members_following_a_private_topic_hear_of_new_comments(private, organiser, member):
    _, topic = private
    discussion_services.post_comment(target=topic, user=organiser, text="Yes, shared at the meeting")
    assert Notification.objects.filter(recipient=member, kind="discussions.comment").count() == 1


def test_a_group_notice_never_reaches_someone_who_only_asked_to_join(by_request, organiser, outsider):
    group, _ = by_request
    services.request_to_join(group=group, user=outsider)
    services.send_notice(group=group, organiser=organiser, subject="Agenda", message="Members only")
    assert not Notification.objects.filter(recipient=outsider, kind=services.NOTICE_KIND).exists()


# --- profiles: group membership shown as the viewer may see it ------------------------------------------


def test_a_member_s_private_groups_are_not_listed_for_outsiders(invite_only, open_group, member, outsider):
    group, _ = invite_only
    assert list(selectors.groups_of_user(member, outsider)) == [open_group]
    assert set(selectors.groups_of_user(member, member)) == {open_group, group}


def test_a_group_made_private_hides_its_topics_at_once(open_group, member, outsider):
    topic = discussion_services.start_topic(forum=open_group.forum, author=member, title="Was public", body="Hi")
    assert client_for(outsider).get(topic.get_absolute_url()).status_code == 200
    open_group.access = Access.INVITE
    open_group.save()
    assert client_for(outsider).get(topic.get_absolute_url()).status_code == 404


def test_a_stranger_to_all_groups_sees_only_open_ones(private, open_group):
    assert set(selectors.visible_groups(person("New Comer"))) >= {open_group}


def test_only_members_start_topics_in_an_open_group_s_forum(open_group, member, outsider):
    url = f"{open_group.forum.get_absolute_url()}new/"
    assert client_for(outsider).post(url, {"title": "Hello", "body": "Can I?"}).status_code == 403
    assert client_for(member).get(url).status_code == 200
    assert open_group.forum.topics.count() == 0


def test_the_comment_link_redirect_does_not_reveal_a_private_topic_s_address(private, member, outsider):
    _, topic = private
    content_type = ContentType.objects.get_for_model(topic)
    path = f"/comments/cr/{content_type.pk}/{topic.pk}/"
    assert client_for(outsider).get(path).status_code == 404
    assert client_for(member).get(path)["Location"].endswith(topic.get_absolute_url())


def test_a_member_who_left_no_longer_sees_the_private_topic_among_followed_threads(private, member):
    group, topic = private
    assert [s.target for s in discussions.followed_threads(member)] == [topic]
    services.leave_group(group=group, user=member)
    assert discussions.followed_threads(member) == []
