"""`load_demo_content` builds the demo site and can run again without harm."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Site

from portal.home.models import HomePage
from portal.network.models import PractitionerProfile
from portal.notifications.models import EmailState, Notification


def test_demo_content_creates_a_live_home_page_as_the_default_site_root(db, settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live


def test_demo_content_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    assert HomePage.objects.count() == 1
    assert Site.objects.count() == 1
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1


def test_the_demo_members_notices_stay_in_the_site_and_nobody_is_emailed(db, settings, mailoutbox):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    call_command("run_worker", "--batch", verbosity=0)

    assert Notification.objects.exists()  # the demo's bells have something to show
    assert not Notification.objects.filter(email_state=EmailState.PENDING).exists()
    assert mailoutbox == []


def test_the_demo_admin_meets_visitors_by_a_name_not_as_admin(db, settings, django_user_model):
    settings.DEBUG = True
    # An admin loaded before the name was given: the profile the sign-up signal made is called "admin".
    django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")

    call_command("load_demo_content", verbosity=0)

    profile = PractitionerProfile.objects.get(user__username="admin")
    assert (profile.display_name, profile.slug) == ("Demo Editor", "demo-editor")


def test_demo_content_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local use"):
        call_command("load_demo_content")


def test_home_page_is_served_at_the_site_root(client, site_tree):
    response = client.get("/")

    assert response.status_code == 200
    assert site_tree.title in response.content.decode()
