"""Moderation: new members' links are held, members report comments, moderators decide in the Wagtail admin."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import websockets
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions import moderation, services
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
        return client.post(reverse("discussions:report_comment", args=[comment.pk]), {"next": "/discussions/"})

    def test_reports_from_enough_members_take_a_comment_down(self, client, topic, member, settings):
        comment = services.post_comment(target=topic, user=member, text="Something unkind")
        for n in range(settings.DISCUSSION_FLAGS_TO_HOLD):
            client.force_login(make_member(f"Reporter {n}"))
            assert self.report(client, comment).status_code == 200

        comment.refresh_from_db()
        assert not comment.is_public

    def test_one_member_reporting_again_counts_once(self, client, topic, member, other_member, settings):
        comment = services.post_comment(target=topic, user=member, text="Borderline")
        client.force_login(other_member)

        responses = [self.report(client, comment) for _ in range(settings.DISCUSSION_FLAGS_TO_HOLD)]

        comment.refresh_from_db()
        assert comment.is_public
        assert "already reported" in responses[-1].content.decode()

    def test_an_anonymous_visitor_cannot_report(self, client, topic, member):
        comment = services.post_comment(target=topic, user=member, text="Fine")

        response = self.report(client, comment)

        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not comment.flags.exists()

    def test_members_see_a_report_button_on_each_comment(self, client, topic, member):
        comment = services.post_comment(target=topic, user=member, text="Fine")
        client.force_login(member)

        html = client.get(topic.get_absolute_url()).content.decode()

        assert reverse("discussions:report_comment", args=[comment.pk]) in html


@pytest.mark.django_db
class TestModeratorsInTheAdmin:
    def test_reported_comments_are_listed_for_moderators(self, client, topic, member, other_member, moderator):
        reported = services.post_comment(target=topic, user=member, text="Reported words")
        services.post_comment(target=topic, user=member, text="Quiet words")
        moderation.flag_comment(reported, other_member)
        client.force_login(moderator)

        html = client.get(admin_url("list"), {"is_reported": "true"}).content.decode()

        assert "Reported words" in html
        assert "Quiet words" not in html

    def test_a_moderator_publishes_a_held_comment(self, client, topic, member, moderator):
        held = services.post_comment(target=topic, user=member, text="Held until checked")
        moderation.hold_comment(held)
        client.force_login(moderator)

        response = client.post(admin_url("edit", held.pk), {"is_public": "on"})

        held.refresh_from_db()
        topic.refresh_from_db()
        assert response.status_code == 302
        assert (held.is_public, topic.reply_count) == (True, 1)
        assert "Held until checked" in client.get(topic.get_absolute_url()).content.decode()

    def test_a_moderator_removes_a_comment_and_restores_it(self, client, topic, member, moderator):
        comment = services.post_comment(target=topic, user=member, text="Removed for a while")
        client.force_login(moderator)

        client.post(admin_url("edit", comment.pk), {"is_public": "on", "is_removed": "on"})
        removed_view = client.get(topic.get_absolute_url()).content.decode()
        client.post(admin_url("edit", comment.pk), {"is_public": "on"})
        restored_view = client.get(topic.get_absolute_url()).content.decode()

        assert "Removed for a while" not in removed_view
        assert "Removed for a while" in restored_view
        topic.refresh_from_db()
        assert topic.reply_count == 1

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
    return moderation.hold_comment(comment)


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
            await asyncio.get_running_loop().run_in_executor(None, moderation.publish_comment, held)
            while True:
                event = json.loads(await asyncio.wait_for(reader.recv(), 10))
                if event.get("kind") == "comment":
                    return event

    event = run_async(scenario)
    assert event["id"] == held.pk
    assert "Now you see it" in event["html"]
