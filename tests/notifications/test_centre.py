"""The notification centre: the list page, marking read, opening a notification and the header bell."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_members_notifications_newest_first(client, member, other_member):
    older = NotificationFactory(recipient=member, title="Older news")
    newer = NotificationFactory(recipient=member, title="Newer news", text="With some detail")
    NotificationFactory(recipient=other_member, title="Someone else's news")
    client.force_login(member)

    html = client.get(reverse("notifications:list")).content.decode()

    assert html.index("Newer news") < html.index("Older news")
    assert "With some detail" in html
    assert "Someone else" not in html
    assert reverse("notifications:open", args=[newer.pk]) in html
    assert reverse("notifications:open", args=[older.pk]) in html
    assert "You have 2 unread notifications." in html
    assert reverse("notifications:settings") in html


def test_the_list_is_paginated(client, member):
    NotificationFactory.create_batch(25, recipient=member)
    client.force_login(member)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})
    beyond = client.get(reverse("notifications:list"), {"page": "many"})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert beyond.status_code == 200


def test_an_empty_list_says_so(client, member):
    client.force_login(member)

    html = client.get(reverse("notifications:list")).content.decode()

    assert "No notifications yet." in html
    assert "Mark all read" not in html


def test_a_member_marks_one_notification_read(client, member):
    first, second = NotificationFactory.create_batch(2, recipient=member)
    client.force_login(member)

    response = client.post(reverse("notifications:mark_read", args=[first.pk]), {"page": "2"})

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list") + "?page=2"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_a_member_marks_all_read(client, member, other_member):
    NotificationFactory.create_batch(3, recipient=member)
    theirs = NotificationFactory(recipient=other_member)
    client.force_login(member)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Marked 3 notifications as read." in client.get(response["Location"]).content.decode()


def test_another_members_notification_cannot_be_marked_or_opened(client, member, other_member):
    theirs = NotificationFactory(recipient=other_member, target_url="/private/")
    client.force_login(member)

    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, member):
    notification = NotificationFactory(recipient=member)
    client.force_login(member)

    assert client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, member):
    notification = NotificationFactory(recipient=member, target_url="/discussions/")
    client.force_login(member)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/discussions/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"])
def test_a_notification_never_redirects_off_the_site(client, member, target):
    notification = NotificationFactory(recipient=member, target_url=target)
    client.force_login(member)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_visitors_are_sent_to_sign_in_from_the_list(client):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_header_bell_shows_the_unread_count(client, member):
    NotificationFactory.create_batch(2, recipient=member)
    NotificationFactory(recipient=member, read_at="2026-01-01T00:00:00Z")
    client.force_login(member)

    html = client.get(reverse("notifications:settings")).content.decode()

    assert 'class="site-bell"' in html
    assert '<span data-bell-count>2</span><span class="visually-hidden"> unread</span>' in html
    assert 'href="/notifications/settings/">Notification settings</a>' in html


def test_the_header_bell_hides_an_empty_count_and_is_not_shown_to_visitors(client, member):
    assert "site-bell" not in client.get("/accounts/login/").content.decode()
    client.force_login(member)

    html = client.get(reverse("notifications:settings")).content.decode()

    assert "data-bell-badge hidden" in html


def test_the_list_says_when_in_words(client, member):
    NotificationFactory(recipient=member, title="Just in")
    NotificationFactory(recipient=member, title="Earlier", created_at=timezone.now() - timedelta(hours=3))
    client.force_login(member)

    html = client.get(reverse("notifications:list")).content.decode()

    assert "just now" in html
    assert "3\xa0hours ago" in html
    assert "0\xa0minutes" not in html
