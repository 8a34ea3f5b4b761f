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


@pytest.mark.django_db
def test_a_moderators_decisions_are_exported_by_id_and_stay_unsigned_after_deletion(topic, author):
    from portal.moderation import services as moderation
    from portal.moderation.models import BulkDecision

    moderator = make_member("Mo Derator")
    discussions.flag_comment(comment=discussions.post_comment(target=topic, user=author, text="Hm"), user=moderator)
    item = QueueItem.objects.get()
    moderation.decide(item_id=item.pk, action="dismiss", moderator=moderator)
    bulk = BulkDecision.objects.create(action="approve", item_ids=[item.pk], moderator=moderator)

    data = members_data.export_moderation(moderator).data
    members_data.erase_moderation(Erasure(user=moderator, pseudonym="z"))

    assert data["queue_items_you_decided"] == [item.pk]
    assert [row["id"] for row in data["bulk_decisions_you_made"]] == [bulk.pk]
    item.refresh_from_db()
    bulk.refresh_from_db()
    assert (item.state, item.decided_by, bulk.moderator) == (QueueItem.State.DISMISSED, None, None)


@pytest.mark.django_db
def test_a_takedown_request_keeps_its_record_without_who_asked(site_tree):
    from portal.moderation import services as moderation
    from portal.moderation.models import TakedownRequest

    requester = make_member("Tara Asker")
    moderation.request_takedown(
        page=None, page_url="/gone/", reason="other", details="Please.", name="Tara Asker", email=requester.email
    )

    assert members_data.export_moderation(requester).data["takedown_requests"][0]["details"] == "Please."
    members_data.erase_moderation(Erasure(user=requester, pseudonym="t"))

    request = TakedownRequest.objects.get()
    assert (request.details, request.name, request.email) == ("Please.", "", "")
    from portal.moderation.emails import send_acknowledgement

    assert send_acknowledgement(request_id=request.pk) is False  # nobody left to tell
