"""Accounts through django-allauth: sign-up with email verification, sign-in limits, password reset, email change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.accounts.models import TermsConsent
from portal.network.services import suspend_account
from tests.network.factories import PASSWORD, PractitionerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    """The path of the account link in an email, which is on the site's public address."""
    return re.search(re.escape(settings.PORTAL_BASE_URL) + r"(/accounts/\S+/)", message.body).group(1)


def test_sign_up_sends_a_verification_link_and_the_link_signs_the_member_in(
    client, mailoutbox, unique_ip, unique_email
):
    email = unique_email("priya")
    response = client.post(
        reverse("account_signup"),
        {"display_name": "Priya Shah", "email": email, "password1": PASSWORD, "password2": PASSWORD, "terms": "on"},
        REMOTE_ADDR=unique_ip,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email=email)
    assert not EmailAddress.objects.get(user=user).verified
    assert user.profile.display_name == "Priya Shah"
    assert user.profile.slug == "priya-shah"
    assert client.get(reverse("network:profile_edit")).status_code == 302  # not signed in before verifying

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [email]
    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert EmailAddress.objects.get(user=user).verified
    assert response["Location"] == "/profile/"
    assert client.get("/profile/").status_code == 200


def test_an_unverified_member_cannot_sign_in_and_is_sent_the_link_again(client, mailoutbox, unique_ip, unique_email):
    email = unique_email("unverified")
    UserFactory(email=email, verified=False)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD}, REMOTE_ADDR=unique_ip)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1


def test_sign_up_errors_are_clear_and_keep_what_was_typed(client, unique_ip):
    response = client.post(
        reverse("account_signup"),
        {"display_name": "Tom Reed", "email": "tom@example.org", "password1": PASSWORD, "password2": "different"},
        REMOTE_ADDR=unique_ip,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You must type the same password each time." in html
    assert 'value="Tom Reed"' in html
    assert 'value="tom@example.org"' in html


def test_login_is_refused_after_too_many_failed_attempts_even_with_the_right_password(client, unique_ip, unique_email):
    email = unique_email("limited")
    UserFactory(email=email)
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": email, "password": "wrong"}, REMOTE_ADDR=unique_ip)
        assert "The email address and/or password you specified are not correct." in response.content.decode()

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD}, REMOTE_ADDR=unique_ip)

    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_sets_a_new_password(client, mailoutbox, unique_ip, unique_email):
    user = UserFactory(email=unique_email("forgetful"))
    client.post(reverse("account_reset_password"), {"email": user.email}, REMOTE_ADDR=unique_ip)
    assert len(mailoutbox) == 1

    response = client.get(link_in(mailoutbox[0]))  # allauth moves the key out of the URL
    set_url = response["Location"]
    new_password = "another-long-passphrase-42"
    response = client.post(set_url, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_a_member_can_add_and_verify_a_new_email_address(member_client, member, mailoutbox, unique_email):
    email = unique_email("new-address")
    response = member_client.post(reverse("account_email"), {"action_add": "", "email": email})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=member, email=email, verified=False).exists()
    assert mailoutbox[-1].to == [email]
    member_client.post(link_in(mailoutbox[-1]))
    assert EmailAddress.objects.get(user=member, email=email).verified


def test_a_suspended_member_is_signed_out_and_cannot_sign_in(member_client, member, client, unique_ip):
    suspend_account(profile=member.profile, reason="Spam")

    assert member_client.get(reverse("network:profile_edit")).status_code == 302
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD}, REMOTE_ADDR=unique_ip)
    assert "_auth_user_id" not in client.session
    assert client.get(member.profile.get_absolute_url()).status_code == 404


def test_a_profile_is_created_for_users_made_outside_sign_up():
    user = get_user_model().objects.create_user(username="ops", email="ops@example.org", password=PASSWORD)
    assert user.profile.display_name == "ops"
    assert PractitionerProfileFactory().user.profile


def test_sign_up_records_consent_to_the_terms_with_their_version_and_date(
    client, mailoutbox, unique_ip, unique_email, settings
):
    settings.TERMS_VERSION = "2026-11"
    email = unique_email("consent")
    client.post(
        reverse("account_signup"),
        {"display_name": "Ada Consent", "email": email, "password1": PASSWORD, "password2": PASSWORD, "terms": "on"},
        REMOTE_ADDR=unique_ip,
    )
    (consent,) = TermsConsent.objects.filter(user__email=email)
    assert consent.version == "2026-11"
    assert consent.agreed_at is not None


def test_sign_up_without_agreeing_to_the_terms_is_refused_with_a_message(client, unique_ip, unique_email):
    email = unique_email("no-consent")
    response = client.post(
        reverse("account_signup"),
        {"display_name": "No Consent", "email": email, "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR=unique_ip,
    )
    assert response.status_code == 200
    assert "Please agree to the terms of use and the privacy notice to sign up." in response.content.decode()
    assert not get_user_model().objects.filter(email=email).exists()


def test_sign_up_and_sign_in_pages_speak_in_sentence_case(client):
    signup = client.get(reverse("account_signup")).content.decode()
    login = client.get(reverse("account_login")).content.decode()

    assert "Sign up" in signup
    assert 'I agree to the <a href="/terms/">terms of use</a> and the' in signup
    assert "Remember me" in login
    for title_case in ("Sign Up", "Sign In", "Remember Me"):
        assert title_case not in signup + login
