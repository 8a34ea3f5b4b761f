"""The review queue end to end: members report with reasons, moderators decide, authors are told, the
audit log keeps who and when."""

import pytest
from django.core import mail
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from portal.discussions import services as discussions
from portal.moderation import selectors, services
from portal.moderation.models import QueueItem, Suspension
from portal.notifications import services as notifications
from tests.discussions.conftest import make_member
from tests.moderation.conftest import make_moderator


def report_url(comment):
    return reverse("discussions:report_comment", args=[comment.pk])


def send_emails():
    notifications.send_immediate_emails()


@pytest.mark.django_db
class TestDoneWhen:
    def test_three_reports_one_item_removed_with_a_reason_the_author_told_and_logged(
        self, client, topic, author, moderator
    ):
        comment = discussions.post_comment(target=topic, user=author, text="Buy cheap pills at example dot com")
        for name, reason, note in (
            ("Ann", "spam", ""),
            ("Ben", "abuse", "Rude to newcomers"),
            ("Cat", "other", "Looks like an <script>advert</script>"),
        ):
            client.force_login(make_member(name))
            response = client.post(
                report_url(comment), {"reason": reason, "note": note, "next": topic.get_absolute_url()}
            )
            assert response.status_code == 302

        item = QueueItem.objects.get()
        assert item.report_count == 3
        client.force_login(moderator)
        page = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
        for label in ("Spam", "Abuse or harassment", "Something else"):
            assert label in page
        assert "Buy cheap pills" in page
        assert str(topic) in page
        assert f"{topic.get_absolute_url()}?c={comment.pk}#c{comment.pk}" in page
        for action in ("Approve: publish the comment", "Dismiss the reports", "Remove the comment", "Suspend"):
            assert f">{action}</button>" in page
        assert "<script>advert" not in page
        assert "&lt;script&gt;advert" in page

        response = client.post(
            reverse("moderation_decide", args=[item.pk]),
            {"action": "remove", "removal_reason": "spam", "note": "Adverts are <b>not</b> welcome"},
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.is_removed
        send_emails()
        email = next(m for m in mail.outbox if author.email in m.to)
        assert "A moderator removed your comment" in email.subject
        assert "It is spam or advertising" in email.body
        html = email.alternatives[0][0]
        assert "&lt;b&gt;not&lt;/b&gt;" in html
        entry = ModelLogEntry.objects.filter(action="moderation.remove").get()
        assert entry.user == moderator
        assert entry.object_id == str(item.pk)
        assert entry.timestamp
        history = client.get(reverse("moderation_item", args=[item.pk])).content.decode()
        assert "Removed: It is spam or advertising" in history
        assert "Mo Derator" in history


@pytest.mark.django_db
class TestReporting:
    def test_a_report_needs_a_reason(self, client, topic, author):
        comment = discussions.post_comment(target=topic, user=author, text="Fine words")
        client.force_login(make_member("Ann"))

        response = client.post(report_url(comment), {"reason": "", "next": "/"})

        assert response.status_code == 400
        assert "Choose a reason" in response.content.decode()
        assert not QueueItem.objects.exists()

    def test_something_else_needs_a_note(self, client, topic, author):
        comment = discussions.post_comment(target=topic, user=author, text="Fine words")
        client.force_login(make_member("Ann"))

        response = client.post(report_url(comment), {"reason": "other", "note": " "})

        assert response.status_code == 400

    def test_a_member_cannot_report_their_own_comment(self, client, topic, author):
        comment = discussions.post_comment(target=topic, user=author, text="My words")
        client.force_login(author)

        response = client.post(report_url(comment), {"reason": "spam"})
        page = client.get(topic.get_absolute_url()).content.decode()

        assert response.status_code == 403
        assert "own" in response.content.decode()
        assert report_url(comment) not in page

    def test_others_see_the_inline_report_form_with_reasons(self, client, topic, author):
        comment = discussions.post_comment(target=topic, user=author, text="Their words")
        client.force_login(make_member("Ann"))

        page = client.get(topic.get_absolute_url()).content.decode()

        assert report_url(comment) in page
        assert 'name="reason" value="personal-information"' in page

    def test_the_script_gets_json(self, client, topic, author):
        comment = discussions.post_comment(target=topic, user=author, text="Their words")
        client.force_login(make_member("Ann"))

        response = client.post(report_url(comment), {"reason": "off-topic"}, HTTP_ACCEPT="application/json")

        assert response.status_code == 200
        assert "moderator will look" in response.json()["message"]

    def test_enough_reports_hide_the_comment_and_it_stays_one_item(self, client, topic, author, settings):
        comment = discussions.post_comment(target=topic, user=author, text="Unkind")
        for n in range(settings.DISCUSSION_FLAGS_TO_HOLD):
            discussions.flag_comment(comment=comment, user=make_member(f"R{n}"), reason="abuse")

        comment.refresh_from_db()
        assert not comment.is_public
        assert QueueItem.objects.get().report_count == settings.DISCUSSION_FLAGS_TO_HOLD

    def test_a_new_members_held_link_comment_is_queued(self, topic, author):
        comment = XtdComment.objects.get(pk=discussions.post_comment(target=topic, user=author, text="ok").pk)
        discussions.hold_comment(comment=comment)
        XtdComment.objects.filter(pk=comment.pk).update(is_public=False)
        comment.refresh_from_db()
        discussions.record_comment(comment=comment)

        assert QueueItem.objects.get().reports.get().reason == "held-links"

    def test_members_report_a_profile(self, client, author, site_tree):
        from portal.network.models import PractitionerProfile

        client.force_login(make_member("Ann"))
        profile = PractitionerProfile.objects.get(user=author)

        page = client.get(profile.get_absolute_url()).content.decode()
        url = reverse("moderation:report", args=["network.profile", profile.pk])
        response = client.post(url, {"reason": "spam", "next": profile.get_absolute_url()})

        assert url in page
        assert response.status_code == 302
        assert QueueItem.objects.get().kind == "network.profile"


@pytest.mark.django_db
class TestDecisions:
    def test_a_second_moderator_is_told_it_was_already_handled(self, client, topic, author, moderator):
        comment = discussions.post_comment(target=topic, user=author, text="Borderline")
        discussions.flag_comment(comment=comment, user=make_member("Ann"), reason="spam")
        item = QueueItem.objects.get()
        services.decide(item_id=item.pk, action="approve", moderator=make_moderator("First Mod"))
        client.force_login(moderator)

        response = client.post(reverse("moderation_decide", args=[item.pk]), {"action": "dismiss"})

        assert response.status_code == 409
        assert "already handled" in response.content.decode()
        assert "First Mod" in response.content.decode()

    def test_remove_without_a_reason_is_refused(self, client, topic, author, moderator):
        comment = discussions.post_comment(target=topic, user=author, text="Borderline")
        discussions.flag_comment(comment=comment, user=make_member("Ann"), reason="spam")
        client.force_login(moderator)

        response = client.post(reverse("moderation_decide", args=[QueueItem.objects.get().pk]), {"action": "remove"})

        assert response.status_code == 400
        comment.refresh_from_db()
        assert not comment.is_removed

    def test_bulk_remove_of_all_matching_items_in_one_request(self, client, topic, author, moderator):
        reporter = make_member("Ann")
        for n in range(30):
            discussions.flag_comment(
                comment=discussions.post_comment(target=topic, user=author, text=f"Spam {n}"),
                user=reporter,
                reason="spam",
            )
        client.force_login(moderator)

        response = client.post(
            reverse("moderation_queue") + "?reason=spam",
            {"select_all": "on", "action": "remove", "removal_reason": "spam", "note": ""},
        )

        assert response.status_code == 302
        assert QueueItem.objects.filter(state="removed").count() == 30
        assert ModelLogEntry.objects.filter(action="moderation.remove").count() == 30
        assert XtdComment.objects.filter(is_removed=True).count() == 30

    def test_the_queue_filters_and_the_dashboard_counts(self, client, topic, author, moderator):
        reporter = make_member("Ann")
        discussions.flag_comment(
            comment=discussions.post_comment(target=topic, user=author, text="A"), user=reporter, reason="spam"
        )
        discussions.flag_comment(
            comment=discussions.post_comment(target=topic, user=author, text="B"), user=reporter, reason="off-topic"
        )
        client.force_login(moderator)

        filtered = client.get(reverse("moderation_queue"), {"reason": "off-topic"}).content.decode()
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

        assert "Comment by Amira Okafor: B" in filtered
        assert "Comment by Amira Okafor: A" not in filtered
        assert "Review queue (2 waiting)" in dashboard

    def test_bad_filters_fall_back_to_the_whole_queue(self, client, moderator):
        client.force_login(moderator)

        response = client.get(reverse("moderation_queue"), {"kind": "nope\x00", "age": "forever", "page": "x"})

        assert response.status_code in (200, 400)


@pytest.mark.django_db
class TestSuspension:
    def test_suspending_withdraws_pending_items_and_tells_the_member(self, client, topic, author, moderator):
        comment = discussions.post_comment(target=topic, user=author, text="Spam")
        discussions.flag_comment(comment=comment, user=make_member("Ann"), reason="spam")
        item = QueueItem.objects.get()
        client.force_login(moderator)

        response = client.post(reverse("moderation_suspend", args=[item.pk]), {"period": "7", "reason": "Spamming"})

        assert response.status_code == 302
        item.refresh_from_db()
        author.refresh_from_db()
        assert item.state == "withdrawn"
        assert not author.is_active
        assert author.profile.is_suspended
        assert Suspension.objects.get(user=author).ends_at is not None
        send_emails()
        assert any("suspended until" in m.subject for m in mail.outbox if author.email in m.to)

    def test_an_expired_suspension_is_lifted(self, author, moderator):
        from datetime import timedelta

        from django.utils import timezone

        services.suspend(user=author, moderator=moderator, days=1, reason="Cool off")
        Suspension.objects.update(ends_at=timezone.now() - timedelta(minutes=1))

        assert services.lift_expired_suspensions() == 1
        author.refresh_from_db()
        assert author.is_active
        assert not author.profile.is_suspended

    def test_a_suspended_moderator_loses_the_admin_at_once(self, client, moderator):
        client.force_login(moderator)
        assert client.get(reverse("moderation_queue")).status_code == 200

        services.suspend(user=moderator, moderator=make_moderator("Other Mod"), days=None, reason="Abuse")

        response = client.get(reverse("moderation_queue"))
        assert response.status_code == 302
        assert "login" in response["Location"]

    def test_the_author_record_shows_earlier_actions(self, topic, author, moderator):
        comment = discussions.post_comment(target=topic, user=author, text="Spam")
        discussions.flag_comment(comment=comment, user=make_member("Ann"), reason="spam")
        services.decide(item_id=QueueItem.objects.get().pk, action="remove", moderator=moderator, removal_reason="spam")

        record = selectors.author_record(author)

        assert record["removed_count"] == 1
        assert ("Comments", 1) in record["activity"]
