"""Sign-ups posted at the same moment, through two daphne processes on one PostgreSQL database, never answer 500."""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from portal.network.models import PractitionerProfile
from tests.conftest import running_daphne

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def two_servers(transactional_db, redis_url, elasticsearch_url, settings):
    """Two web processes, as behind a load balancer: requests really run at the same time."""
    with (
        running_daphne(settings, REDIS_URL=redis_url, ELASTICSEARCH_URL=elasticsearch_url, DEBUG="1") as first,
        running_daphne(settings, REDIS_URL=redis_url, ELASTICSEARCH_URL=elasticsearch_url, DEBUG="1") as second,
    ):
        yield [first, second]


def sign_up_at_once(servers, forms: list[dict]) -> list[int]:
    """Fetch each sign-up form, then post them all together (a barrier releases every thread at once)."""
    barrier = threading.Barrier(len(forms))

    def sign_up(number, form):
        base = servers[number % len(servers)]
        session = requests.Session()
        page = session.get(f"{base}/accounts/signup/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        barrier.wait(timeout=30)
        response = session.post(
            f"{base}/accounts/signup/",
            data={"csrfmiddlewaretoken": token, "password1": PASSWORD, "password2": PASSWORD, "terms": "on", **form},
            headers={"Referer": f"{base}/accounts/signup/"},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(sign_up, range(len(forms)), forms))


def test_people_with_the_same_name_signing_up_at_once_each_get_an_account(two_servers):
    run = uuid.uuid4().hex[:8]
    forms = [{"email": f"sam-{run}-{n}@example.org", "display_name": "Sam Taylor"} for n in range(6)]

    statuses = sign_up_at_once(two_servers, forms)

    assert statuses == [302] * 6
    profiles = PractitionerProfile.objects.filter(user__email__startswith=f"sam-{run}-")
    assert profiles.count() == 6
    assert len(set(profiles.values_list("slug", flat=True))) == 6
    assert EmailAddress.objects.filter(email__startswith=f"sam-{run}-").count() == 6


def test_the_same_address_signed_up_at_once_makes_one_account(two_servers):
    email = f"twice-{uuid.uuid4().hex[:8]}@example.org"
    forms = [{"email": email, "display_name": f"Twin {n}"} for n in range(4)]

    statuses = sign_up_at_once(two_servers, forms)

    assert 500 not in statuses
    assert get_user_model().objects.filter(email__iexact=email).count() == 1
    assert EmailAddress.objects.filter(email__iexact=email).count() == 1
