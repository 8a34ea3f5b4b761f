"""In Chromium at 1280 and 390 px: a member reports a comment inline (the disclosure and its form, sent in
place), and a moderator's queue and item page; axe finds nothing serious on any of them."""

import pytest
from django.urls import reverse

from portal.discussions import services as discussions
from portal.moderation.models import QueueItem
from tests.conftest import axe_violations, screenshot
from tests.discussions.conftest import in_worker, make_member
from tests.discussions.factories import TopicFactory
from tests.discussions.test_browser import sign_in
from tests.moderation.conftest import make_moderator
from tests.moderation.test_bulk_decisions import killed_after_one_batch, older_than_the_limit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inline_report_and_the_admin_queue_at_both_widths(daphne_server, browser, site_tree):
    topic = in_worker(TopicFactory)
    author = in_worker(make_member, "Amira Okafor")
    reporter = in_worker(make_member, "Tom Reyes")
    moderator = in_worker(make_moderator, "Mo Derator")
    comment = in_worker(discussions.post_comment, target=topic, user=author, text="Buy cheap pills now")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        sign_in(context, reporter, daphne_server)
        page = context.new_page()
        page.goto(daphne_server + topic.get_absolute_url())
        box = page.locator(f"#c{comment.pk} details.report-box")
        box.locator("summary").click()
        box.get_by_label("Spam").check()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"moderation-inline-report-{width}")
            assert axe_violations(page) == []
        box.get_by_role("button", name="Send the report").click()
        box.locator("[data-report-status]", has_text="moderator will look").wait_for(timeout=10_000)
        assert page.url.endswith(topic.get_absolute_url())  # sent in place: the reader stayed
        assert in_worker(lambda: QueueItem.objects.get().reports.get().reason) == "spam"

        sign_in(context, moderator, daphne_server)
        item_id = in_worker(lambda: QueueItem.objects.get().pk)
        for path, name in (
            (reverse("moderation_queue"), "queue"),
            (reverse("moderation_item", args=[item_id]), "item"),
        ):
            page.goto(daphne_server + path)
            assert "Buy cheap pills" in page.content()
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                screenshot(page, f"moderation-admin-{name}-{width}")
                assert axe_violations(page) == []
    finally:
        context.close()


def test_a_bulk_decisions_progress_page_updates_itself_at_both_widths(daphne_server, browser, site_tree, settings):
    django_settings = settings
    from django.core.management import call_command

    from portal.moderation import services

    topic = in_worker(TopicFactory)
    author = in_worker(make_member, "Amira Okafor")
    reporter = in_worker(make_member, "Tom Reyes")
    moderator = in_worker(make_moderator, "Mo Derator")
    for n in range(6):
        comment = in_worker(discussions.post_comment, target=topic, user=author, text=f"Buy pills {n}")
        in_worker(discussions.flag_comment, comment=comment, user=reporter, reason="spam")
    decision = in_worker(
        services.decide_in_background,
        items=QueueItem.objects.all(),
        action="remove",
        moderator=moderator,
        removal_reason="spam",
    )

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        sign_in(context, moderator, daphne_server)
        page = context.new_page()
        page.goto(daphne_server + reverse("moderation_bulk_decision", args=[decision.pk]))
        assert page.get_by_role("link", name="Refresh").is_visible()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"moderation-bulk-decision-waiting-{width}")
            assert axe_violations(page) == []

        # Its worker is killed after one batch and nothing moves for longer than the limit: stalled.
        in_worker(killed_after_one_batch, decision, batch=3)
        in_worker(older_than_the_limit, decision, django_settings)
        page.reload()
        page.get_by_text("Stalled: the worker has saved no progress since").wait_for(timeout=10_000)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"moderation-bulk-decision-stalled-{width}")
            assert axe_violations(page) == []
        page.get_by_role("button", name="Resume the decision").click()
        page.get_by_text("The decision is queued again").wait_for(timeout=10_000)

        in_worker(call_command, "run_worker", "--batch", verbosity=0)
        page.get_by_text("Every item was decided.").wait_for(timeout=15_000)  # the page polled, then reloaded
        assert "6 done" in " ".join(page.locator(".moderation-progress").inner_text().split())
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"moderation-bulk-decision-done-{width}")
            assert axe_violations(page) == []
    finally:
        context.close()
