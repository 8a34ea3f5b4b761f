"""The queue's part of "Download my data" and "Delete my account"."""

import pytest
from wagtail.models import ModelLogEntry

from portal.accounts.registry import Erasure
from portal.discussions import services as discussions
from portal.moderation import members_data
from portal.moderation.models import QueueItem, Report
from tests.discussions.conftest import make_member


@pytest.mark.django_db
def test_reports_made_are_exported(topic, author):
    reporter = make_member("Ann")
    discussions.flag_comment(
        comment=discussions.post_comment(target=topic, user=author, text="Hm"),
        user=reporter,
        reason="other",
        note="Odd",
    )

    data = members_data.export_moderation(reporter).data

    assert data["reports_made"][0]["reason"] == "Something else"
    assert data["reports_made"][0]["note"] == "Odd"


@pytest.mark.django_db
def test_erasing_an_author_leaves_no_name_in_queue_titles_or_the_log(topic, author):
    reporter = make_member("Ann")
    discussions.flag_comment(comment=discussions.post_comment(target=topic, user=author, text="Hm"), user=reporter)

    members_data.erase_moderation(Erasure(user=author, pseudonym="x"))
    members_data.erase_moderation(Erasure(user=reporter, pseudonym="y"))

    item = QueueItem.objects.get()
    assert "Amira" not in item.title
    assert item.author is None
    assert not ModelLogEntry.objects.filter(label__contains="Amira").exists()
    assert Report.objects.get().reporter is None
