"""Sign-up spam defences: the honeypot, the minimum time to fill the form, the per-domain limit, and new
accounts held for a moderator's approval."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache

from portal.moderation import services, spam
from portal.moderation.models import QueueItem
from tests.moderation.conftest import make_moderator
from tests.network.factories import PASSWORD

SIGNUP = "/accounts/signup/"


def signup(client, email, **extra):
    data = {
        "display_name": "Robin Shaw",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "terms": "on",
        "website": "",
        **extra,
    }
    return client.post(SIGNUP, data)


def started(seconds_ago: float) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=spam.SIGNER_SALT)


def accounts(email):
    return get_user_model().objects.filter(email=email)


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.delete_many([f"moderation:signup-domain:{domain}" for domain in ("spam.test", "people.test")])


@pytest.mark.django_db
class TestSignupDefences:
    def test_the_honeypot_refuses_a_filled_in_form(self, client):
        response = signup(client, "bot@people.test", website="http://buy.example")

        assert response.status_code == 200
        assert "filled in by a program" in response.content.decode()
        assert not accounts("bot@people.test").exists()

    def test_the_honeypot_is_off_screen_and_out_of_the_tab_order(self, client):
        html = client.get(SIGNUP).content.decode()

        assert 'class="honeypot"' in html
        assert 'tabindex="-1"' in html

    def test_a_form_sent_too_quickly_is_refused(self, client, settings):
        settings.SIGNUP_MIN_SECONDS = 3

        response = signup(client, "quick@people.test", form_started=started(0.5))

        assert "quicker than a person" in response.content.decode()
        assert not accounts("quick@people.test").exists()

    def test_a_form_without_its_start_time_is_refused(self, client, settings):
        settings.SIGNUP_MIN_SECONDS = 3

        signup(client, "nostart@people.test", form_started="forged")

        assert not accounts("nostart@people.test").exists()

    def test_a_person_who_took_their_time_signs_up(self, client, settings):
        settings.SIGNUP_MIN_SECONDS = 3

        response = signup(client, "robin@people.test", form_started=started(20))

        assert response.status_code == 302
        assert accounts("robin@people.test").exists()

    def test_sign_ups_per_email_domain_are_limited(self, client, settings):
        settings.SIGNUP_DOMAIN_RATE_LIMIT = 2

        for n in range(3):
            response = signup(client, f"user{n}@spam.test")
            client.logout()

        assert accounts("user2@spam.test").count() == 0
        assert "Many accounts were opened with addresses at spam.test" in response.content.decode()
        assert get_user_model().objects.filter(email__endswith="@spam.test").count() == 2

    def test_sign_ups_per_ip_address_use_allauths_limit(self, settings):
        assert "ip" in settings.ACCOUNT_RATE_LIMITS["signup"]


@pytest.mark.django_db
class TestHoldingNewAccounts:
    def test_off_by_default(self, client):
        signup(client, "open@people.test")

        assert accounts("open@people.test").get().is_active
        assert not QueueItem.objects.exists()

    def test_held_accounts_wait_for_a_moderator(self, client, settings, site_tree):
        settings.MODERATION_HOLD_NEW_ACCOUNTS = True

        signup(client, "held@people.test")
        user = accounts("held@people.test").get()
        item = QueueItem.objects.get(kind="moderation.account")
        assert not user.is_active

        services.decide(item_id=item.pk, action="approve", moderator=make_moderator("Mo"))
        user.refresh_from_db()
        assert user.is_active
