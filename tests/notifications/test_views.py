"""A member's notification settings page: one choice per registered kind."""

import pytest
from django.urls import reverse

from portal.notifications.models import NotificationSetting

pytestmark = pytest.mark.django_db


def test_the_settings_page_lists_every_kind_with_its_default(client, member):
    client.force_login(member)

    html = client.get(reverse("notifications:settings")).content.decode()

    assert "A test event" in html
    assert "New comments in discussions you follow" in html
    assert "Sent by the notification tests." in html


def test_a_member_changes_how_they_hear_of_a_kind(client, member):
    client.force_login(member)
    url = reverse("notifications:settings")
    form = {name: "immediate" for name in ("tests.event", "discussions.comment", "discussions.reply")}

    response = client.post(url, {**form, "tests.event": "weekly"})

    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=member, kind="tests.event").delivery == "weekly"


def test_an_unknown_delivery_is_refused_with_a_message(client, member):
    client.force_login(member)

    response = client.post(reverse("notifications:settings"), {"tests.event": "hourly"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationSetting.objects.exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:settings"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
