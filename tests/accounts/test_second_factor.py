"""Second factors: authenticator-app codes, recovery codes, code limits, and the admin's demand for them."""

import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.accounts.adapter import PortalMFAAdapter
from portal.home.groups import ensure_groups
from tests.accounts.conftest import sign_in
from tests.accounts.factories import with_authenticator_app
from tests.network.factories import PractitionerProfileFactory

pytestmark = pytest.mark.django_db


def fresh_code(totp) -> str:
    """A code pyotp computes now, not one about to expire mid-test."""
    if totp.interval - time.time() % totp.interval < 3:
        time.sleep(totp.interval - time.time() % totp.interval + 0.1)
    return totp.now()


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_member_with_an_authenticator_app_is_asked_for_a_code_and_a_real_code_signs_them_in(member):
    totp, _ = with_authenticator_app(member)
    client, response = sign_in(member)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": fresh_code(totp)})

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_tampered_code_is_refused(member):
    totp, _ = with_authenticator_app(member)
    client, _ = sign_in(member)
    code = fresh_code(totp)
    tampered = code[:-1] + str((int(code[-1]) + 1) % 10)

    response = client.post(reverse("mfa_authenticate"), {"code": tampered})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not is_signed_in(client)


def test_a_code_already_used_cannot_be_replayed_from_another_browser(member):
    totp, _ = with_authenticator_app(member)
    first, _ = sign_in(member)
    code = fresh_code(totp)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    second, _ = sign_in(member)
    response = second.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert not is_signed_in(second)


def test_a_recovery_code_signs_in_once_and_is_stale_after(member):
    _, recovery_codes = with_authenticator_app(member)
    first, _ = sign_in(member)
    assert first.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]}).status_code == 302
    assert is_signed_in(first)

    second, _ = sign_in(member)
    response = second.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})

    assert response.status_code == 200
    assert not is_signed_in(second)
    assert second.post(reverse("mfa_authenticate"), {"code": recovery_codes[1]}).status_code == 302


def test_code_attempts_are_limited_and_then_even_the_right_code_waits(member):
    totp, _ = with_authenticator_app(member)
    client, _ = sign_in(member)
    for _ in range(5):
        assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200

    response = client.post(reverse("mfa_authenticate"), {"code": fresh_code(totp)})

    assert "Too many failed" in response.content.decode()
    assert not is_signed_in(client)


@pytest.fixture
def editor(db):
    from django.apps import apps

    ensure_groups(apps)
    user = PractitionerProfileFactory(display_name="Edie Editor").user
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_an_editor_without_a_second_factor_is_taken_to_set_one_up_before_any_admin_page(editor, path):
    editor.is_staff = path.startswith("/django-admin/")
    editor.save()
    client = Client()
    client.force_login(editor)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index"))


def test_a_superuser_without_a_second_factor_is_taken_to_set_one_up(django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    client = Client()
    client.force_login(chief)

    assert client.get("/admin/")["Location"].startswith(reverse("mfa_index"))


def test_an_editor_with_a_second_factor_reaches_the_admin(editor):
    with_authenticator_app(editor)
    client = Client()
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_a_password_alone_never_opens_the_admin(editor):
    totp, _ = with_authenticator_app(editor)
    client, _ = sign_in(editor)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post(reverse("mfa_authenticate"), {"code": fresh_code(totp)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_every_admin_sign_in_page_sends_people_to_the_portal_sign_in(client, path):
    response = client.get(path + "?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"


def test_the_admin_sends_visitors_to_the_portal_sign_in(client):
    response = client.get("/admin/pages/")

    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_who_may_not_use_the_admin_gets_a_403_not_a_sign_in_loop(member):
    client = Client()
    client.force_login(member)

    assert client.get("/admin/").status_code == 403
    assert client.get("/django-admin/").status_code == 403


def test_passkeys_belong_to_the_sites_public_host_name(settings, rf):
    from allauth.core import context

    settings.PORTAL_BASE_URL = "https://portal.example.org"
    with context.request_context(rf.get("/", HTTP_HOST="127.0.0.1:8000")):
        entity = PortalMFAAdapter().get_public_key_credential_rp_entity()

    assert entity == {"id": "portal.example.org", "name": settings.WAGTAIL_SITE_NAME}


def test_the_demo_sign_in_code_command_prints_the_authenticator_apps_current_code(member, capsys, settings):
    settings.DEPLOYED = False
    totp, _ = with_authenticator_app(member)
    code = fresh_code(totp)

    call_command("demo_sign_in_code", member.email)

    assert capsys.readouterr().out.strip() == code
