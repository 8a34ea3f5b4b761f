"""The bell's count on a page, the count its socket is sent and the notification list agree on what the member
can see: notices a kind's visibility check hides are never counted, and pages of the list stay full."""

import asyncio
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.layers import get_channel_layer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.groups import services as groups
from portal.groups.models import Access
from portal.notifications import selectors, services
from portal.notifications.kinds import Kind, register, register_visibility_check
from portal.notifications.live import member_group_name
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

HIDEABLE = register(Kind(name="tests.hideable", label="A notice the tests can hide", default_delivery="site"))


def hide_marked(notifications):
    """The tests' visibility check: a notice whose event key starts "gone:" is about something no longer there."""
    return {notification.pk for notification in notifications if notification.dedupe_key.startswith("gone:")}


register_visibility_check([HIDEABLE.name], hide_marked)


def notices(member, *, shown, hidden, batch="a"):
    """`shown` visible and `hidden` hidden unread notices, the hidden ones spread among the visible."""
    total = shown + hidden
    hidden_at = {i * total // hidden for i in range(hidden)}
    for n in range(total):
        is_hidden = n in hidden_at
        NotificationFactory(
            recipient=member,
            kind=HIDEABLE.name,
            title=f"{'Hidden' if is_hidden else 'Shown'} notice {n}",
            dedupe_key=f"{'gone' if is_hidden else 'here'}:{batch}{n}",
        )


def pushed_count(member, action) -> int:
    """The count the member's open pages are sent when `action` runs (through the real channel layer).

    The listener runs on an event loop of its own in a worker thread (Playwright's sync API may keep one in
    this thread once a browser test has run); the action runs here, inside the test's transaction."""
    listening = threading.Event()

    async def listen():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(member_group_name(member.pk), channel)
        listening.set()
        try:
            return (await asyncio.wait_for(layer.receive(channel), 5))["count"]
        finally:
            await layer.group_discard(member_group_name(member.pk), channel)

    with ThreadPoolExecutor(max_workers=1) as pool:
        received = pool.submit(asyncio.run, listen())
        assert listening.wait(5)
        action()
        return received.result()


def listed_titles(html):
    title = r'class="notification__title"[^>]*>(?:<span[^>]*>Unread: </span>)?((?:Shown|Hidden) notice \d+)'
    return re.findall(title, html)


def bell_count(html):
    return int(re.search(r"<span data-bell-count>(\d+)</span>", html).group(1))


def test_pages_of_the_list_stay_full_when_some_notices_are_hidden(client, member):
    notices(member, shown=30, hidden=12)
    client.force_login(member)

    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()

    assert len(listed_titles(first)) == 20
    assert len(listed_titles(second)) == 10
    assert not [title for title in listed_titles(first + second) if title.startswith("Hidden")]
    assert len(set(listed_titles(first + second))) == 30  # no notice on two pages
    assert "?page=3" not in second  # the pages count what is shown, not what is stored


def test_the_bell_the_list_and_the_pushed_count_are_the_same_number(
    client, member, other_member, django_capture_on_commit_callbacks
):
    notices(member, shown=4, hidden=3)
    NotificationFactory(recipient=member, kind=HIDEABLE.name, title="Shown notice 99", read_at=timezone.now())
    client.force_login(member)

    def a_notice_about_something_gone():
        with django_capture_on_commit_callbacks(execute=True):  # the count is pushed once the notice commits
            services.notify(
                kind=HIDEABLE.name, recipients=[member], target_url="/", actor=other_member, dedupe_key="gone:new"
            )

    # A new notice about something already gone: told, then hidden by its kind's check.
    pushed = pushed_count(member, a_notice_about_something_gone)
    html = client.get("/notifications/").content.decode()

    unread_listed = len(re.findall(r"<span class=\"visually-hidden\">Unread: </span>Shown notice", html))
    assert pushed == bell_count(html) == unread_listed == selectors.unread_count(member) == 4
    assert "You have 4 unread notifications." in html


def test_leaving_a_private_group_pushes_the_count_without_its_notices(
    member, other_member, django_capture_on_commit_callbacks
):
    group = GroupFactory(access=Access.REQUEST)
    MembershipFactory(group=group, user=member)
    MembershipFactory(group=group, user=other_member, role="organiser")
    groups.send_notice(group=group, organiser=other_member, subject="Agenda", message="See you.")
    notices(member, shown=2, hidden=0)
    assert selectors.unread_count(member) == 3

    def leave():
        with django_capture_on_commit_callbacks(execute=True):
            groups.leave_group(group=group, user=member)

    assert pushed_count(member, leave) == 2


def test_unread_counts_for_many_members_leave_out_each_ones_hidden_notices(member, other_member):
    notices(member, shown=2, hidden=1)
    notices(other_member, shown=5, hidden=5)

    assert selectors.unread_counts([member.pk, other_member.pk]) == {member.pk: 2, other_member.pk: 5}


@pytest.mark.parametrize("page", [1, 2])
def test_the_list_takes_the_same_number_of_queries_for_3_and_30_notices(client, member, page):
    client.force_login(member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/notifications/?page={page}").status_code == 200
        return len(captured)

    notices(member, shown=2, hidden=1)
    queries()  # warms the per-process caches; the site's chrome may be written on the first view,
    queries()  # which changes the catalogue version the second view's fragments are kept under
    few = queries()
    notices(member, shown=20, hidden=7, batch="b")
    many = queries()

    assert many == few
