"""allauth's emails and the new-browser email in the portal's voice: the site's name, the member's display name
(never a username), absolute links on PORTAL_BASE_URL, a plain-text and an HTML part."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.conftest import sign_in
from tests.network.factories import PASSWORD, PractitionerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
SITE_NAME = "Co-production portal"
LINK = re.compile(r"https?://[^\s\"'<>]+")
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def priya(db):
    # A username unlike her display name and her address, so a leak of it shows.
    user = UserFactory(username="zq-handle-7781", email="priya.shah@example.org")
    PractitionerProfileFactory(user=user, display_name="Priya Shah")
    return user


def parts(message) -> tuple[str, str]:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def links_in(message) -> list[str]:
    text, html = parts(message)
    return LINK.findall(text) + re.findall(r'href="([^"]+)"', html)


def assert_in_the_portals_voice(message, *, greeting="Priya Shah", username="zq-handle-7781", link=None):
    """The site's name, the display name, no username, both parts, every link on the public address."""
    text, html = parts(message)
    assert message.subject.startswith(f"{SITE_NAME}: "), message.subject
    for body in (text, html):
        assert SITE_NAME in body
        assert f"Hello {greeting}," in body
        assert "example.com" not in body
    for part in (message.subject, text, html):
        assert username not in part
    links = links_in(message)
    assert links
    assert all(url.startswith(f"{BASE}/") for url in links), links
    if link is not None:
        assert any(url.startswith(f"{BASE}{link}") for url in links), links
    return text


def test_the_sign_up_confirmation(client, mailoutbox, unique_ip, unique_email):
    email = unique_email("new-member")
    client.post(
        reverse("account_signup"),
        {"display_name": "Kofi Mensah", "email": email, "password1": PASSWORD, "password2": PASSWORD, "terms": "on"},
        REMOTE_ADDR=unique_ip,
    )
    user = get_user_model().objects.get(email=email)
    (message,) = mailoutbox
    # The address is in the email on purpose; the username allauth made may be part of it.
    message.body = message.body.replace(email, "")
    message.alternatives = [(message.alternatives[0][0].replace(email, ""), "text/html")]
    text = assert_in_the_portals_voice(message, greeting="Kofi Mensah", username=user.username, link="/accounts/")
    assert "confirm your email address" in message.subject

    confirm = next(url for url in LINK.findall(text) if "/confirm-email/" in url)
    response = client.post(confirm.removeprefix(BASE))
    assert response["Location"] == "/profile/"  # signed in on confirming
    assert client.get("/profile/").status_code == 200


def test_the_confirmation_sent_again_to_an_unverified_member(client, mailoutbox, unique_ip):
    user = UserFactory(username="zq-handle-7782", email="kofi.mensah@example.org", verified=False)
    PractitionerProfileFactory(user=user, display_name="Kofi Mensah")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, REMOTE_ADDR=unique_ip)
    (message,) = mailoutbox
    assert_in_the_portals_voice(
        message, greeting="Kofi Mensah", username=user.username, link="/accounts/confirm-email/"
    )


def test_the_password_reset(client, mailoutbox, priya, unique_ip):
    client.post(reverse("account_reset_password"), {"email": priya.email}, REMOTE_ADDR=unique_ip)
    (message,) = mailoutbox
    assert_in_the_portals_voice(message, link="/accounts/password/reset/key/")
    assert "reset your password" in message.subject


def test_signing_up_with_an_address_that_has_an_account(client, mailoutbox, priya, unique_ip):
    client.post(
        reverse("account_signup"),
        {"display_name": "Someone", "email": priya.email, "password1": PASSWORD, "password2": PASSWORD, "terms": "on"},
        REMOTE_ADDR=unique_ip,
    )
    (message,) = mailoutbox
    text = assert_in_the_portals_voice(message, link="/accounts/password/reset/")
    assert f"{BASE}/accounts/login/" in text


def test_a_password_reset_for_an_unknown_address(client, mailoutbox, unique_ip):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, REMOTE_ADDR=unique_ip)
    (message,) = mailoutbox
    text, html = parts(message)
    assert "Hello," in text
    assert "Hello," in html
    assert SITE_NAME in message.subject
    assert all(url.startswith(f"{BASE}/") for url in links_in(message))
    assert f"{BASE}/accounts/signup/" in text


def test_changing_the_password_and_the_email_address(mailoutbox, priya):
    laptop, _ = sign_in(priya)
    laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-brand-new-passphrase-9", "password2": "a-brand-new-passphrase-9"},
    )
    (message,) = [m for m in mailoutbox if "password" in m.subject]
    assert_in_the_portals_voice(message, link="/accounts/sessions/")
    mailoutbox.clear()

    EmailAddress.objects.create(user=priya, email="priya@example.net", verified=True, primary=False)
    laptop.post(reverse("account_email"), {"action_primary": "", "email": "priya@example.net"})
    (message,) = mailoutbox
    text = assert_in_the_portals_voice(message, link="/accounts/sessions/")
    assert "priya.shah@example.org to priya@example.net" in text


def test_the_new_browser_sign_in(mailoutbox, priya):
    sign_in(priya)
    sign_in(priya, user_agent=SAFARI)
    (message,) = mailoutbox
    text = assert_in_the_portals_voice(message, link="/accounts/sessions/")
    assert "a new sign-in" in message.subject
    assert f"{BASE}/accounts/" in text
    assert "Mobile Safari" in text
