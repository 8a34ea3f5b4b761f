"""How long one bulk decision on 1,000 queue items takes in one request (issue 17: "bulk actions on 1,000
items finish in one request ... never time out halfway with half applied").

Not part of `make test` (testpaths is tests/). Run:
    .venv/bin/pytest bench/moderation -q -s --reuse-db
Prints the seconds the request took; the figure goes in a dated NOTES file beside this one.
"""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.moderation.models import QueueItem, Reason, Report
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.moderation.conftest import make_moderator

ITEMS = 1000


@pytest.mark.django_db
def test_remove_1000_reported_comments_in_one_request(client, site_tree):
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
    client.force_login(make_moderator("Bulk Mod"))

    started = time.perf_counter()
    response = client.post(
        reverse("moderation_queue") + "?reason=spam",
        {"select_all": "on", "action": "remove", "removal_reason": "spam", "note": ""},
    )
    seconds = time.perf_counter() - started

    assert response.status_code == 302
    assert QueueItem.objects.filter(state="removed").count() == ITEMS
    assert XtdComment.objects.filter(is_removed=True).count() == ITEMS
    print(f"\nbulk remove of {ITEMS} comments in one request: {seconds:.1f} s")
