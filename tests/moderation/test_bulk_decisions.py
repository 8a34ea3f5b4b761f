"""Bulk decisions on more items than one request should carry: the worker applies them in batches, the
moderator follows a progress page, and every item that could not be applied is listed with why."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import ModelLogEntry

from portal.discussions import services as discussions
from portal.moderation import services
from portal.moderation.models import BulkDecision, QueueItem
from portal.notifications.models import Notification
from portal.worker import schedule
from tests.discussions.conftest import make_member
from tests.moderation.conftest import make_moderator


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def reported_comments(topic, author, count):
    reporter = make_member("Ann Reporter")
    comments = [discussions.post_comment(target=topic, user=author, text=f"Buy pills {n}") for n in range(count)]
    for comment in comments:
        discussions.flag_comment(comment=comment, user=reporter, reason="spam")
    return comments


REMOVE_ALL = {"select_all": "on", "action": "remove", "removal_reason": "spam", "note": "No adverts"}


@pytest.fixture
def small_limit(settings):
    settings.MODERATION_BULK_INLINE_LIMIT = 5


@pytest.mark.django_db
class TestBulkDecisions:
    def test_a_few_items_are_decided_in_the_request(self, client, topic, author, moderator, small_limit):
        reported_comments(topic, author, 5)
        client.force_login(moderator)

        response = client.post(reverse("moderation_queue"), REMOVE_ALL)

        assert response.status_code == 302
        assert response.url == reverse("moderation_queue")
        assert QueueItem.objects.filter(state="removed").count() == 5
        assert not BulkDecision.objects.exists()

    def test_many_items_run_in_the_worker_with_a_progress_page(self, client, topic, author, moderator, small_limit):
        reported_comments(topic, author, 12)
        client.force_login(moderator)

        response = client.post(reverse("moderation_queue"), REMOVE_ALL)

        decision = BulkDecision.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("moderation_bulk_decision", args=[decision.pk])
        assert QueueItem.objects.filter(state="pending").count() == 12  # nothing yet: the worker applies it
        page = client.get(response.url).content.decode()
        assert "Waiting for the worker" in page
        assert ">Refresh</a>" in page
        assert "js/progress-poll.js" in page

        mail.outbox.clear()
        run_worker()

        status = client.get(reverse("moderation_bulk_decision_status", args=[decision.pk])).json()
        assert status == {
            "id": decision.pk,
            "state": "done",
            "state_label": "Finished",
            "stalled": False,
            "finished": True,
            "percent": 100,
            "total": 12,
            "processed": 12,
            "done": 12,
            "failed": 0,
        }
        assert XtdComment.objects.filter(is_removed=True).count() == 12
        assert ModelLogEntry.objects.filter(action="moderation.remove", user=moderator).count() == 12
        page = client.get(reverse("moderation_bulk_decision", args=[decision.pk])).content.decode()
        assert "Every item was decided." in page
        queue = client.get(reverse("moderation_queue")).content.decode()
        assert reverse("moderation_bulk_decision", args=[decision.pk]) in queue
        assert "Remove: 12 items</a>" in queue
        assert ">Refresh</a>" not in page
        # One notice for the author for all twelve, emailed by the worker.
        notice = Notification.objects.get(recipient=author, kind=services.REMOVED_KIND)
        assert "comments (12)" in notice.title
        assert [message.to for message in mail.outbox] == [[author.email]]

    def test_items_handled_meanwhile_are_listed_with_who_handled_them(
        self, client, topic, author, moderator, small_limit
    ):
        reported_comments(topic, author, 8)
        client.force_login(moderator)
        client.post(reverse("moderation_queue"), REMOVE_ALL)
        first = QueueItem.objects.order_by("opened_at", "pk").first()
        services.decide(item_id=first.pk, action="approve", moderator=make_moderator("Noor Second"))

        run_worker()

        decision = BulkDecision.objects.get()
        assert (decision.state, decision.done_count, decision.failed_count) == ("done", 7, 1)
        page = client.get(reverse("moderation_bulk_decision", args=[decision.pk])).content.decode()
        assert "Items not applied (1)" in page
        assert "Already handled: approved by Noor Second" in page
        assert reverse("moderation_item", args=[first.pk]) in page
        first.refresh_from_db()
        assert first.state == "approved"  # left as the other moderator decided

    def test_an_item_the_decision_does_not_apply_to_is_reported_and_the_rest_done(self, topic, author, moderator):
        reported_comments(topic, author, 3)
        held = make_member("Held Newcomer")
        services.hold_new_account(user=held)
        decision = services.decide_in_background(items=QueueItem.objects.all(), action="dismiss", moderator=moderator)

        services.run_bulk_decision(decision_id=decision.pk, batch=2)

        decision.refresh_from_db()
        assert decision.done_count == 3
        assert [failure["problem"] for failure in decision.failures] == [
            "New account items cannot be given the action 'dismiss'"
        ]
        assert QueueItem.objects.get(kind="moderation.account").state == "pending"

    def test_running_again_decides_nothing_twice(self, topic, author, moderator):
        reported_comments(topic, author, 4)
        decision = services.decide_in_background(
            items=QueueItem.objects.all(), action="remove", moderator=moderator, removal_reason="spam"
        )
        services.run_bulk_decision(decision_id=decision.pk, batch=3)
        BulkDecision.objects.filter(pk=decision.pk).update(state="running")  # as if the worker stopped at the end

        services.run_bulk_decision(decision_id=decision.pk, batch=3)

        decision.refresh_from_db()
        assert (decision.done_count, decision.failed_count) == (4, 0)
        assert ModelLogEntry.objects.filter(action="moderation.remove").count() == 4
        assert Notification.objects.filter(recipient=author, kind=services.REMOVED_KIND).count() == 1

    def test_members_without_the_permission_cannot_see_a_decision(self, client, topic, author, moderator):
        decision = services.decide_in_background(items=QueueItem.objects.none(), action="approve", moderator=moderator)
        client.force_login(make_member("Curious Member"))
        response = client.get(reverse("moderation_bulk_decision", args=[decision.pk]))
        assert response.status_code in (302, 403)


def killed_after_one_batch(decision, *, batch):
    """Leave a decision as a worker killed without an error leaves it: running, its first batch committed."""
    from portal.moderation.services import _run_batch

    BulkDecision.objects.filter(pk=decision.pk).update(state="running", started_at=timezone.now())
    _run_batch(decision.pk, batch)


def older_than_the_limit(decision, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.MODERATION_BULK_STALLED_AFTER + 60)
    BulkDecision.objects.filter(pk=decision.pk).update(progressed_at=long_ago)


@pytest.mark.django_db
class TestStalledBulkDecisions:
    @pytest.fixture
    def stalled(self, topic, author, moderator, settings):
        reported_comments(topic, author, 7)
        decision = services.decide_in_background(
            items=QueueItem.objects.all(), action="remove", moderator=moderator, removal_reason="spam"
        )
        killed_after_one_batch(decision, batch=3)
        older_than_the_limit(decision, settings)
        return decision

    def test_a_decision_without_progress_for_too_long_is_shown_stalled_with_resume(self, client, moderator, stalled):
        client.force_login(moderator)

        page = client.get(reverse("moderation_bulk_decision", args=[stalled.pk])).content.decode()
        status = client.get(reverse("moderation_bulk_decision_status", args=[stalled.pk])).json()

        assert "Stalled: the worker has saved no progress since" in page
        assert "Resume the decision" in page
        assert (status["stalled"], status["state_label"], status["processed"]) == (
            True,
            "Stalled: no progress for a while",
            3,
        )

    def test_resuming_a_stalled_decision_finishes_it_deciding_nothing_twice(self, client, moderator, author, stalled):
        client.force_login(moderator)

        response = client.post(reverse("moderation_bulk_decision_resume", args=[stalled.pk]), follow=True)
        assert "The decision is queued again" in response.content.decode()
        run_worker()

        stalled.refresh_from_db()
        assert (stalled.state, stalled.done_count, stalled.failed_count) == ("done", 7, 0)
        assert len(set(stalled.applied_ids)) == 7
        assert ModelLogEntry.objects.filter(action="moderation.remove").count() == 7  # each item decided once
        assert XtdComment.objects.filter(is_removed=True).count() == 7
        assert Notification.objects.filter(recipient=author, kind=services.REMOVED_KIND).count() == 1

    def test_the_workers_scheduled_job_resumes_stalled_decisions(self, stalled):
        (job,) = [job for job in schedule.jobs() if job.name == "moderation.resume_stalled_bulk_decisions"]

        job.task.enqueue()
        run_worker()

        stalled.refresh_from_db()
        assert (stalled.state, stalled.done_count) == ("done", 7)
        assert ModelLogEntry.objects.filter(action="moderation.remove").count() == 7

    def test_a_running_decision_with_recent_progress_is_not_stalled(self, client, topic, author, moderator):
        reported_comments(topic, author, 4)
        decision = services.decide_in_background(items=QueueItem.objects.all(), action="approve", moderator=moderator)
        killed_after_one_batch(decision, batch=2)
        client.force_login(moderator)

        page = client.get(reverse("moderation_bulk_decision", args=[decision.pk])).content.decode()
        client.post(reverse("moderation_bulk_decision_resume", args=[decision.pk]))

        assert "Stalled" not in page
        assert "Resume the decision" not in page
        assert services.resume_stalled_bulk_decisions() == 0
        assert BulkDecision.objects.get(pk=decision.pk).state == "running"
