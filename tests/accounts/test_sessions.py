"""Signed-in sessions: the list, signing out of one or all others, password changes, new-browser emails."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from portal.accounts.models import KnownBrowser
from portal.accounts.services import BROWSER_COOKIE
from tests.accounts.conftest import sign_in
from tests.network.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def is_signed_in(client) -> bool:
    return client.get(reverse("accounts:overview")).status_code == 200


def test_the_sessions_page_lists_each_browser_with_its_last_use_and_marks_this_one(member):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    _phone, _ = sign_in(member, user_agent=SAFARI)

    body = laptop.get(reverse("accounts:sessions")).content.decode()

    assert "Firefox on Windows" in body
    assert "Mobile Safari on iOS" in body
    assert "(this browser)" in body
    assert body.count("Sign out<span") == 2
    assert "127.0.0.1" not in body  # no addresses, no places


def test_signing_out_everywhere_else_ends_the_other_sessions_only(member):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    phone, _ = sign_in(member, user_agent=SAFARI)

    response = laptop.post(reverse("accounts:sessions"))

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_signing_out_of_one_session_ends_that_session(member):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    phone, _ = sign_in(member, user_agent=SAFARI)
    from allauth.usersessions.models import UserSession

    phone_session = UserSession.objects.get(session_key=phone.session.session_key)

    laptop.post(reverse("accounts:end_session", args=[phone_session.pk]))

    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_a_member_cannot_end_someone_elses_session(member):
    from allauth.usersessions.models import UserSession

    from tests.network.factories import PractitionerProfileFactory

    other = PractitionerProfileFactory(display_name="Otto Other").user
    theirs, _ = sign_in(other, user_agent=SAFARI)
    mine, _ = sign_in(member)
    their_session = UserSession.objects.get(session_key=theirs.session.session_key)

    response = mine.post(reverse("accounts:end_session", args=[their_session.pk]))

    assert response.status_code == 302
    assert is_signed_in(theirs)


def test_changing_the_password_ends_the_other_sessions(member):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    phone, _ = sign_in(member, user_agent=SAFARI)

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-brand-new-passphrase-9", "password2": "a-brand-new-passphrase-9"},
    )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_sign_in_from_a_new_browser_emails_the_member_with_a_link_to_their_sessions(member, mailoutbox, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    _laptop, _ = sign_in(member, user_agent=FIREFOX)
    assert mailoutbox == []  # the first browser an account uses is not news

    sign_in(member, user_agent=SAFARI)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "Mobile Safari on iOS" in mailoutbox[0].body
    assert "https://portal.example.org/accounts/sessions/" in mailoutbox[0].body
    assert "Mina Member" in mailoutbox[0].body


def test_signing_in_again_from_a_known_browser_sends_no_email(member, mailoutbox):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    sign_in(member, user_agent=SAFARI)
    mailoutbox.clear()
    assert laptop.cookies[BROWSER_COOKIE].value
    laptop.post(reverse("account_logout"))

    sign_in(member, client=laptop)

    assert mailoutbox == []
    assert KnownBrowser.objects.filter(user=member).count() == 2


def test_members_can_switch_the_new_browser_email_off(member, mailoutbox):
    laptop, _ = sign_in(member, user_agent=FIREFOX)
    laptop.post(reverse("accounts:sign_in_alerts"), {})  # the box unticked

    sign_in(member, user_agent=SAFARI)

    assert mailoutbox == []
    assert 'name="email_on_new_browser"' in laptop.get(reverse("accounts:overview")).content.decode()


def test_the_browser_cookie_is_http_only_and_holds_no_account_detail(member):
    _laptop, response = sign_in(member, user_agent=FIREFOX)

    cookie = response.cookies[BROWSER_COOKIE]
    assert cookie["httponly"]
    assert member.email not in cookie.value
    assert not KnownBrowser.objects.filter(token_hash=cookie.value).exists()  # stored only as a hash


def test_the_account_pages_need_a_signed_in_member():
    client = Client()
    for name in ("accounts:overview", "accounts:sessions", "accounts:your_data", "accounts:delete_account"):
        assert client.get(reverse(name))["Location"].startswith(reverse("account_login"))


def test_the_last_use_of_a_session_is_written_at_most_every_few_minutes(member):
    from allauth.usersessions.models import UserSession

    from portal.accounts.services import LAST_SEEN_KEY

    laptop, _ = sign_in(member)
    row = UserSession.objects.get(session_key=laptop.session.session_key)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=row.last_seen_at - timedelta(hours=1))
    laptop.get(reverse("accounts:overview"))
    assert UserSession.objects.get(pk=row.pk).last_seen_at < row.last_seen_at  # just signed in: no write

    session = laptop.session
    session[LAST_SEEN_KEY] = time.time() - 600
    session.save()
    laptop.get(reverse("accounts:overview"))

    assert UserSession.objects.get(pk=row.pk).last_seen_at > row.last_seen_at - timedelta(minutes=1)


def test_signing_out_of_this_browsers_own_session_signs_it_out(member):
    from allauth.usersessions.models import UserSession

    laptop, _ = sign_in(member)
    own = UserSession.objects.get(session_key=laptop.session.session_key)

    response = laptop.post(reverse("accounts:end_session", args=[own.pk]))

    assert response["Location"] == reverse("account_login")
    assert not is_signed_in(laptop)


def test_an_unknown_session_or_export_id_answers_plainly(member):
    client = Client()
    client.force_login(member)

    assert client.post(reverse("accounts:end_session", args=[2**62])).status_code == 302
    assert client.get("/accounts/data/exports/not-a-token/").status_code == 404
    assert client.get(reverse("accounts:end_session", args=[1])).status_code == 405
