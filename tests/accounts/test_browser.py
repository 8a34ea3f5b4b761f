"""In Debian's Chromium: the account pages pass axe at 1280 and 390 px, and a passkey (Chromium's virtual
authenticator over CDP) is added and then signs the member in, with and without a password."""

import pytest
from allauth.mfa.models import Authenticator

from tests.conftest import axe_violations, screenshot
from tests.network.factories import PASSWORD, PractitionerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


@pytest.fixture
def localhost_server(monkeypatch, request):
    """The portal at http://localhost:PORT: WebAuthn refuses IP addresses, and the relying party id
    follows the public base URL."""
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "http://localhost")
    monkeypatch.setenv("WEBAUTHN_ALLOW_INSECURE_ORIGIN", "1")
    return request.getfixturevalue("daphne_server").replace("127.0.0.1", "localhost")


@pytest.fixture
def member(transactional_db):
    return PractitionerProfileFactory(display_name="Pat Passkey").user


def sign_in(page, server, user):
    page.goto(server + "/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_load_state()


def confirm_password(page):
    """allauth asks for the password again before sensitive changes."""
    if "/reauthenticate/" in page.url:
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").first.click()
        page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_account_pages_pass_axe(localhost_server, browser, member, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, localhost_server, member)
    for path, heading in [
        ("/accounts/", "Your account"),
        ("/accounts/sessions/", "Where you are signed in"),
        ("/accounts/data/", "Download your data"),
        ("/accounts/delete/", "Delete your account"),
        ("/accounts/2fa/", "Two-factor authentication and passkeys"),
        ("/accounts/2fa/totp/activate/", None),
    ]:
        page.goto(localhost_server + path)
        confirm_password(page)
        assert page.url.startswith(localhost_server + path), page.url
        if heading:
            assert page.locator("h1").inner_text() == heading
        name = path.strip("/").replace("/", "-") or "home"
        screenshot(page, f"{name}-{width}")
        assert axe_violations(page) == [], path
        width_overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not width_overflow, f"{path} scrolls sideways at {width} px"
    context.close()


def add_virtual_authenticator(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_a_passkey_is_added_and_then_signs_the_member_in(localhost_server, browser, member):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    add_virtual_authenticator(context, page)
    sign_in(page, localhost_server, member)

    page.goto(localhost_server + "/accounts/2fa/webauthn/add/")
    confirm_password(page)
    page.locator("input[name=name]").fill("Work laptop")
    page.locator("input[name=passwordless]").check()
    screenshot(page, "passkey-add")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    screenshot(page, "passkey-added")
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.WEBAUTHN).count() == 1

    # Without a password: the passkey alone (it verified the user on the device).
    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()
    page.goto(localhost_server + "/accounts/login/")
    page.locator("#passkey_login").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.goto(localhost_server + "/accounts/").status == 200
    assert page.locator("h1").inner_text() == "Your account"

    # With a password: the passkey is the second factor.
    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()
    sign_in(page, localhost_server, member)
    assert "/2fa/authenticate/" in page.url
    screenshot(page, "passkey-second-factor")
    page.locator("#mfa_webauthn_authenticate").click()
    page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)
    assert page.goto(localhost_server + "/accounts/").status == 200
    assert errors == []
    context.close()
