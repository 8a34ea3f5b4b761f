"""In Chromium: the recipient opens a relayed message from its link, reports it inline with a reason, and the
message page and the moderators' "Blocks and mutes" report pass axe at 1280 and 390 px."""

import pytest
from django.urls import reverse

from portal.network import services
from tests.conftest import axe_violations, screenshot
from tests.discussions.conftest import (
    in_worker,
    moderator,  # noqa: F401
)
from tests.discussions.test_browser import sign_in
from tests.network.test_contact_and_blocks import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_recipient_reports_a_message_inline(daphne_server, page, moderator):  # noqa: F811
    mentor = in_worker(member, "Priya Mentor", open_to=["mentoring"])
    sender = in_worker(member, "Sam Sender")
    contact = in_worker(
        services.send_contact_message, sender=sender, profile=mentor.profile, about="mentoring", message="Buy my course"
    )
    in_worker(services.block_member, user=mentor, other=sender)
    sign_in(page.context, mentor, daphne_server)
    page.goto(daphne_server + reverse("network:contact_message", args=[contact.pk]))

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"network-contact-message-{width}")
        assert axe_violations(page) == []
    page.locator("summary", has_text="Report").click()
    page.locator("input[name=reason][value=spam]").check()
    page.get_by_role("button", name="Send the report").click()
    page.locator("[data-report-status]").filter(has_text="Thank").wait_for(timeout=10_000)

    sign_in(page.context, moderator, daphne_server)
    page.goto(daphne_server + reverse("network_keep_away_report"))
    assert "Sam Sender" in page.content()
    assert "Priya Mentor" not in page.content()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"network-keep-away-report-{width}")
        assert axe_violations(page) == []
