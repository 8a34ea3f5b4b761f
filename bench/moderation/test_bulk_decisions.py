"""A bulk decision on 1,000 queue items (issue 17: "bulk actions on 1,000 items finish in one request or run
as a task with progress, never time out halfway with half applied"): the moderator's request only records
the decision (above MODERATION_BULK_INLINE_LIMIT); the worker applies it in batches. Meanwhile another
moderator approves one of the items: it is reported, the other 999 are removed.

Not part of `make test` (testpaths is tests/). Run:
    .venv/bin/pytest bench/moderation -q -s --reuse-db
Prints the seconds the request and the worker took; the figures go in a dated NOTES file beside this one.
"""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.moderation import services
from portal.moderation.models import BulkDecision, QueueItem, Reason, Report
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.moderation.conftest import make_moderator

ITEMS = 1000


@pytest.mark.django_db
def test_remove_1000_reported_comments_through_the_worker(client, site_tree):
    topic = TopicFactory()
    author, reporter = make_member("Spammer"), make_member("Reporter")
    now = timezone.now()
    for n in range(ITEMS):  # xtd's comment is a multi-table model: no bulk_create
        XtdComment(
            content_type=ContentType.objects.get_for_model(topic),
            object_pk=str(topic.pk),
            site_id=1,
            user=author,
            user_name="Spammer",
            comment=f"Buy pills {n}",
            submit_date=now,
            is_public=True,
        ).save()
    comment_type = ContentType.objects.get_for_model(XtdComment)
    items = QueueItem.objects.bulk_create(
        QueueItem(kind="discussions.comment", content_type=comment_type, object_id=str(c.pk), author=author,
                  title=c.comment, report_count=1)
        for c in XtdComment.objects.filter(user=author)
    )  # fmt: skip
    Report.objects.bulk_create(Report(item=item, reason=Reason.SPAM, reporter=reporter) for item in items)
    moderator = make_moderator("Bulk Mod")
    client.force_login(moderator)

    started = time.perf_counter()
    response = client.post(
        reverse("moderation_queue") + "?reason=spam",
        {"select_all": "on", "action": "remove", "removal_reason": "spam", "note": ""},
    )
    request_seconds = time.perf_counter() - started
    decision = BulkDecision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("moderation_bulk_decision", args=[decision.pk])
    assert QueueItem.objects.filter(state="removed").count() == 0
    first = QueueItem.objects.order_by("opened_at", "pk")[500]
    services.decide(item_id=first.pk, action="approve", moderator=make_moderator("Other Mod"))

    started = time.perf_counter()
    call_command("run_worker", "--batch", verbosity=0)
    worker_seconds = time.perf_counter() - started

    decision.refresh_from_db()
    assert (decision.state, decision.done_count, decision.failed_count) == ("done", ITEMS - 1, 1)
    assert decision.failures[0]["problem"].startswith("Already handled: approved by Other Mod")
    assert QueueItem.objects.filter(state="removed").count() == ITEMS - 1
    assert XtdComment.objects.filter(is_removed=True).count() == ITEMS - 1
    status = client.get(reverse("moderation_bulk_decision_status", args=[decision.pk])).json()
    assert (status["done"], status["failed"], status["finished"]) == (ITEMS - 1, 1, True)
    print(
        f"\nbulk remove of {ITEMS} comments: the request {request_seconds:.2f} s; "
        f"the worker {worker_seconds:.1f} s ({ITEMS - 1} removed, 1 reported as already handled)"
    )
