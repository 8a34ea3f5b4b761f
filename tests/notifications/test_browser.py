"""The notification centre in Chromium at 1280 and 390 px: the bell counts up live, the list passes axe and CSP."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.notifications import services
from tests.conftest import axe_violations, csp_violations, screenshot, watch_csp
from tests.notifications.factories import NotificationFactory
from tests.notifications.test_live_bell import in_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, user, base_url):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


@pytest.mark.parametrize("width", [1280, 390])
def test_the_bell_counts_up_live_and_the_list_is_accessible(daphne_server, browser, member, other_member, width):
    NotificationFactory.create_batch(
        22, recipient=member, title="Tom Reyes replied to you in “Paying community researchers”", target_url="/"
    )
    NotificationFactory(
        recipient=member,
        title="An older notice, already read",
        created_at=timezone.now() - timedelta(days=3),
        read_at=timezone.now() - timedelta(days=2),
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    missing_header = watch_csp(context)
    sign_in(context, member, daphne_server)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(daphne_server + "/notifications/")
        page.wait_for_load_state("networkidle")
        badge = page.locator("[data-bell-count]")
        assert badge.text_content() == "22"
        screenshot(page, f"notifications-list-{width}")
        assert axe_violations(page) == []

        in_worker(
            services.notify,
            kind="tests.event",
            recipients=[member],
            target_url="/",
            actor=other_member,
            context={"what": "something new"},
        )
        page.wait_for_function("document.querySelector('[data-bell-count]').textContent === '23'", timeout=2000)
        assert page.locator("[data-bell-status]").text_content() == "23 unread notifications"
        screenshot(page, f"notifications-bell-live-{width}")

        page.get_by_role("button", name="Mark all read").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-bell-badge]").is_hidden()
        assert "Marked 23 notifications as read." in page.content()
        assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1") is False
        screenshot(page, f"notifications-all-read-{width}")
        assert axe_violations(page) == []
        assert csp_violations(page) == []
        assert missing_header == []
        assert errors == []
    finally:
        context.close()
