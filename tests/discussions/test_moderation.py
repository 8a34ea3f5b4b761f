"""Moderation: new members' links are held, members report comments, moderators decide in the Wagtail admin
(its real views, driven by the test client)."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import websockets
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal.discussions import services
from portal.discussions.models import Topic
from tests.conftest import run_async
from tests.discussions.conftest import comment_data, comments_on, make_member

POST_URL = "/discussions/comments/post/"


def post(client, target, text):
    return client.post(POST_URL, comment_data(target, text, next_url="/discussions/"))


def established(user):
    user.date_joined = timezone.now() - timedelta(days=90)
    user.save(update_fields=["date_joined"])
    return user


def admin_url(name, *args):
    return reverse(XtdComment.snippet_viewset.get_url_name(name), args=args)


@pytest.mark.django_db
class TestHeldForReview:
    def test_a_new_members_comment_with_a_link_waits_for_a_moderator(self, client, topic, member):
        client.force_login(member)

        post(client, topic, "Our write-up: https://example.org/report")

        comment = comments_on(topic).get()
        topic.refresh_from_db()
        assert (comment.is_public, topic.reply_count) == (False, 0)

    def test_the_author_is_told_and_other_readers_do_not_see_it(self, client, topic, member):
        client.force_login(member)
        post(client, topic, "Read [this](https://example.org/r) first")

        own_view = client.get(topic.get_absolute_url()).content.decode()
        client.logout()
        public_view = client.get(topic.get_absolute_url()).content.decode()

        assert "will appear once a moderator has looked at it" in own_view
        assert "example.org/r" not in public_view

    def test_a_new_members_comment_without_links_is_published(self, client, topic, member):
        client.force_login(member)

        post(client, topic, "No links here, just experience.")

        assert comments_on(topic).get().is_public

    def test_an_established_members_link_is_published(self, client, topic, member):
        client.force_login(established(member))

        post(client, topic, "See www.example.org/guide")

        assert comments_on(topic).get().is_public


@pytest.mark.django_db
class TestReports:
    def report(self, client, comment):
        data = {"reason": "abuse", "next": "/discussions/"}
        return client.post(reverse("discussions:report_comment", args=[comment.pk]), data)

    def test_reports_from_enough_members_take_a_comment_down(self, client, topic, member, settings):
        comment = services.post_comment(target=topic, user=member, text="Something unkind")
        for n in range(settings.DISCUSSION_FLAGS_TO_HOLD):
            client.force_login(make_member(f"Reporter {n}"))
            assert self.report(client, comment).status_code == 302

        comment.refresh_from_db()
        assert not comment.is_public

    def test_one_member_reporting_again_counts_once(self, client, topic, member, other_member, settings):
        comment = services.post_comment(target=topic, user=member, text="Borderline")
        client.force_login(other_member)

        for _ in range(settings.DISCUSSION_FLAGS_TO_HOLD):
            self.report(client, comment)

        comment.refresh_from_db()
        assert comment.is_public
        assert "already reported" in client.get(topic.get_absolute_url()).content.decode()

    def test_an_anonymous_visitor_cannot_report(self, client, topic, member):
        comment = services.post_comment(target=topic, user=member, text="Fine")

        response = self.report(client, comment)

        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not comment.flags.exists()

    def test_members_see_a_report_button_on_each_comment(self, client, topic, member, other_member):
        comment = services.post_comment(target=topic, user=member, text="Fine")
        client.force_login(other_member)

        html = client.get(topic.get_absolute_url()).content.decode()

        assert reverse("discussions:report_comment", args=[comment.pk]) in html


def decision_url(model, action: str, obj, next_url: str = "") -> str:
    """The Wagtail admin's bulk-action address of a moderator's decision on one object."""
    path = reverse("wagtail_bulk_action", args=(model._meta.app_label, model._meta.model_name, action))
    return f"{path}?id={obj.pk}&next={next_url}"


@pytest.mark.django_db
class TestModeratorsInTheAdmin:
    def test_reported_comments_are_listed_for_moderators(self, client, topic, member, other_member, moderator):
        reported = services.post_comment(target=topic, user=member, text="Reported words")
        services.post_comment(target=topic, user=member, text="Quiet words")
        services.flag_comment(comment=reported, user=other_member)
        client.force_login(moderator)

        html = client.get(admin_url("list"), {"is_reported": "true"}).content.decode()

        assert "Reported words" in html
        assert "Quiet words" not in html

    def test_each_comment_in_the_list_offers_the_decisions_that_apply(self, client, topic, member, moderator):
        shown = services.post_comment(target=topic, user=member, text="Shown words")
        held = services.hold_comment(comment=services.post_comment(target=topic, user=member, text="Held words"))
        client.force_login(moderator)

        html = client.get(admin_url("list")).content.decode().replace("&amp;", "&")

        assert decision_url(XtdComment, "hold-comments", shown) in html
        assert decision_url(XtdComment, "publish-comments", held) in html
        assert decision_url(XtdComment, "publish-comments", shown) not in html

    def test_a_moderator_confirms_then_publishes_a_held_comment(self, client, topic, member, moderator, mailoutbox):
        follower = make_member("Fola Reader")
        services.follow(user=follower, target=topic)
        held = services.post_comment(target=topic, user=member, text="Held until checked")
        services.hold_comment(comment=held)
        client.force_login(moderator)
        url = decision_url(XtdComment, "publish-comments", held, next_url=admin_url("list"))

        question = client.get(url).content.decode()
        response = client.post(url)
        call_command("run_worker", "--batch", verbosity=0)

        held.refresh_from_db()
        topic.refresh_from_db()
        assert "Followers are told of each one" in question
        assert (response.status_code, response["Location"]) == (302, admin_url("list"))
        assert (held.is_public, topic.reply_count) == (True, 1)
        assert held.flags.filter(user=moderator, flag=CommentFlag.MODERATOR_APPROVAL).exists()
        assert "Held until checked" in client.get(topic.get_absolute_url()).content.decode()
        assert [message.to for message in mailoutbox] == [[follower.email]]

    def test_a_moderator_removes_a_comment_and_restores_it(self, client, topic, member, moderator):
        comment = services.post_comment(target=topic, user=member, text="Removed for a while")
        client.force_login(moderator)

        client.post(decision_url(XtdComment, "remove-comments", comment))
        removed_view = client.get(topic.get_absolute_url()).content.decode()
        client.post(decision_url(XtdComment, "publish-comments", comment))
        restored_view = client.get(topic.get_absolute_url()).content.decode()

        assert "Removed for a while" not in removed_view
        assert "Removed for a while" in restored_view
        topic.refresh_from_db()
        assert topic.reply_count == 1

    def test_a_moderator_holds_several_comments_at_once(self, client, topic, member, moderator):
        first = services.post_comment(target=topic, user=member, text="First of two")
        second = services.post_comment(target=topic, user=member, text="Second of two")
        client.force_login(moderator)
        path = reverse("wagtail_bulk_action", args=("django_comments_xtd", "xtdcomment", "hold-comments"))

        client.post(f"{path}?id={first.pk}&id={second.pk}")

        topic.refresh_from_db()
        assert list(comments_on(topic).values_list("is_public", flat=True)) == [False, False]
        assert topic.reply_count == 0

    def test_a_moderator_locks_a_topic_and_reopens_it(self, client, topic, member, moderator):
        client.force_login(moderator)

        client.post(decision_url(Topic, "lock-topics", topic))
        topic.refresh_from_db()
        locked = topic.is_locked
        client.force_login(member)
        refused = post(client, topic, "Too late")
        client.force_login(moderator)
        client.post(decision_url(Topic, "reopen-topics", topic))

        topic.refresh_from_db()
        assert (locked, topic.is_locked) == (True, False)
        assert "locked" in refused.content.decode()
        assert not comments_on(topic).exists()

    def test_a_member_cannot_take_a_moderators_decision(self, client, topic, member, other_member):
        comment = services.post_comment(target=topic, user=member, text="Still here")
        client.force_login(other_member)

        response = client.post(decision_url(XtdComment, "remove-comments", comment))

        comment.refresh_from_db()
        assert response.status_code in (302, 403)
        assert not comment.is_removed

    def test_a_moderator_suspends_a_comments_author_from_the_comment_list(self, client, topic, member, moderator):
        services.post_comment(target=topic, user=member, text="Abuse")
        client.force_login(moderator)
        suspend_url = reverse("network_suspension", args=[member.profile.pk])

        html = client.get(admin_url("list")).content.decode()
        assert suspend_url in html
        assert "Suspend Amira Okafor" in html

        assert client.get(suspend_url).status_code == 200  # the network app's confirmation, with a reason
        client.post(suspend_url, {"reason": "Abusive comments"})

        member.refresh_from_db()
        member.profile.refresh_from_db()
        assert (member.is_active, member.profile.suspension_reason) == (False, "Abusive comments")
        assert "Suspend Amira Okafor" not in client.get(admin_url("list")).content.decode()

    def test_a_member_cannot_open_the_comment_admin(self, client, member):
        client.force_login(member)

        response = client.get(admin_url("list"))

        assert response.status_code in (302, 403)


def held_comment(topic, member):
    comment = services.post_comment(target=topic, user=member, text="Now you see it")
    return services.hold_comment(comment=comment)


@pytest.mark.django_db(transaction=True)
def test_a_published_held_comment_reaches_live_readers(daphne_server, topic, member):
    # Worker threads throughout: a browser test may have left an event loop in the main thread,
    # and a committed comment's broadcast cannot run beside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        held = pool.submit(held_comment, topic, member).result()
    url = f"{daphne_server.replace('http://', 'ws://')}/ws/discussions/discussions.topic/{topic.pk}/"

    async def scenario():
        async with websockets.connect(url, origin=daphne_server) as reader:
            await asyncio.wait_for(reader.recv(), 10)  # its own presence count: it has joined the group
            await asyncio.get_running_loop().run_in_executor(None, lambda: services.publish_comment(comment=held))
            while True:
                event = json.loads(await asyncio.wait_for(reader.recv(), 10))
                if event.get("kind") == "comment":
                    return event

    event = run_async(scenario)
    assert event["id"] == held.pk
    assert "Now you see it" in event["html"]
