"""Notification emails as the worker sends them: branded text and HTML, display names, absolute links, one-click
unsubscribe; digests in batches with a fixed number of queries; never an email twice."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.notifications import services
from portal.notifications.kinds import get_kind
from portal.notifications.models import Delivery, EmailState, Notification
from portal.notifications.site import absolute_url
from tests.notifications.conftest import make_member

pytestmark = pytest.mark.django_db


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def tell(recipients, what="a thing", key="", actor=None):
    return services.notify(
        kind="tests.event",
        recipients=recipients,
        target_url="/forums/",
        context={"what": what},
        dedupe_key=key,
        actor=actor,
    )


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def test_an_email_is_branded_and_addressed_by_display_name(member, other_member, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://coproduction.example.org"
    tell([member], what="something worth knowing", actor=other_member)

    run_worker()

    (message,) = mailoutbox
    html = html_of(message)
    assert message.subject == "Tom Reyes did something worth knowing"
    for part in (message.body, html):
        assert "Hello Amira Okafor," in part
        assert "Co-production portal" in part
        assert "https://coproduction.example.org/forums/" in part
        assert member.username not in part
        assert other_member.username not in part
    assert 'href="https://coproduction.example.org/notifications/settings/"' in html


def test_the_configured_portal_address_wins_over_wagtails(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example.org"
    settings.PORTAL_BASE_URL = "https://portal.example.org/"

    assert absolute_url("/forums/") == "https://portal.example.org/forums/"


def test_every_email_carries_a_one_click_unsubscribe_that_needs_no_session(member, mailoutbox):
    tell([member])
    run_worker()
    headers = mailoutbox[0].extra_headers
    link = re.fullmatch(r"<(.+)>", headers["List-Unsubscribe"]).group(1)

    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})

    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert response.status_code == 200
    assert services.deliveries_for(kind=get_kind("tests.event"), user_ids=[member.pk]) == {member.pk: Delivery.SITE}


def test_the_unsubscribe_link_asks_before_it_acts(client, member, mailoutbox):
    tell([member])
    run_worker()
    link = re.fullmatch(r"<(.+)>", mailoutbox[0].extra_headers["List-Unsubscribe"]).group(1)

    response = client.get(link)

    assert "Stop these emails" in response.content.decode()
    assert not member.notification_settings.exists()


def test_a_forged_unsubscribe_token_is_refused(client):
    response = client.post("/notifications/unsubscribe/not-a-token/")

    assert response.status_code == 400


def test_an_event_is_emailed_once_however_often_it_is_told(member, mailoutbox):
    for _ in range(3):
        tell([member], key="event:42")
        run_worker()

    assert len(mailoutbox) == 1


def test_emails_a_stopped_worker_took_are_never_sent_again(member, other_member, mailoutbox):
    tell([member], what="first")
    # A worker claimed this email, then stopped before it could send it (restarted mid-run).
    claimed = services._claim(Notification.objects.all(), 10)
    tell([other_member], what="second")

    run_worker()
    stale = services.give_up_stale_claims(older_than=timedelta(0))

    assert [message.to for message in mailoutbox] == [[other_member.email]]
    assert (stale, Notification.objects.get(pk=claimed[0]).email_state) == (1, EmailState.FAILED)


def _daily_members(count: int) -> list:
    members = [make_member(f"Reader {n}") for n in range(count)]
    for person in members:
        services.set_delivery(user=person, kind="tests.event", delivery=Delivery.DAILY)
    for n in range(3):
        tell(members, what=f"thing {n}")
    return members


def test_a_digest_gathers_a_members_notices_in_one_email(member, mailoutbox):
    services.set_delivery(user=member, kind="tests.event", delivery=Delivery.DAILY)
    tell([member], what="the first thing")
    tell([member], what="the second thing")
    run_worker()
    assert mailoutbox == []

    assert services.send_digests(delivery=Delivery.DAILY) == 1

    body = mailoutbox[0].body
    assert mailoutbox[0].subject == "Daily digest: 2 updates on Co-production portal"
    assert body.index("the first thing") < body.index("the second thing")
    assert "A test event" in html_of(mailoutbox[0])
    assert services.send_digests(delivery=Delivery.DAILY) == 0


def test_digests_cost_the_same_queries_for_a_batch_of_three_members_or_of_six(db, mailoutbox):
    _daily_members(3)
    with CaptureQueriesContext(connection) as three:
        assert services.send_digests(delivery=Delivery.DAILY) == 3
    _daily_members(6)
    with CaptureQueriesContext(connection) as six:
        assert services.send_digests(delivery=Delivery.DAILY) == 6

    assert len(three) == len(six)
    assert len(mailoutbox) == 9


def test_digests_go_out_in_batches_of_members(db, mailoutbox):
    _daily_members(5)

    sent = services.send_digests(delivery=Delivery.DAILY, batch=2)

    assert (sent, len(mailoutbox)) == (5, 5)
    assert not Notification.objects.filter(email_state=EmailState.PENDING).exists()


def test_every_batch_of_digests_takes_the_same_small_number_of_queries(db, mailoutbox):
    _daily_members(6)
    per_batch = []

    for _ in range(3):
        with CaptureQueriesContext(connection) as batch:
            assert services.send_digests(delivery=Delivery.DAILY, batch=2, max_batches=1) == 2
        per_batch.append(len(batch))

    assert per_batch == [per_batch[0]] * 3
    assert per_batch[0] <= 8  # members, claim (2), notices with recipients, sent, savepoints
    assert len(mailoutbox) == 6
