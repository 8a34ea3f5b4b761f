"""Registrations posted at the same moment, each on its own PostgreSQL connection, never overfill an event."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from portal.events import services
from portal.events.models import Registration, RegistrationState
from tests.events.factories import EventFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(count: int, action) -> list:
    """Run `action(n)` in `count` threads released together; each thread has its own database connection."""
    barrier = threading.Barrier(count)

    def run(number):
        try:
            barrier.wait(timeout=30)
            return action(number)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_registrations_never_exceed_the_capacity():
    assert connection.vendor == "postgresql"
    event = EventFactory(capacity=3)
    members = UserFactory.create_batch(10)

    results = at_once(len(members), lambda n: services.register(event=event, user=members[n]).state)

    assert results.count(RegistrationState.REGISTERED) == 3
    assert results.count(RegistrationState.WAITING) == 7
    waiting = Registration.objects.filter(event=event, state=RegistrationState.WAITING)
    assert sorted(waiting.values_list("position", flat=True)) == list(range(1, 8))


def test_the_same_member_registering_from_two_tabs_at_once_gets_one_place():
    event = EventFactory(capacity=3)
    member = UserFactory()

    results = at_once(6, lambda n: services.register(event=event, user=member).pk)

    assert len(set(results)) == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_concurrent_cancellations_promote_each_waiting_member_once():
    event = EventFactory(capacity=4)
    holders, queue = UserFactory.create_batch(4), UserFactory.create_batch(4)
    for person in [*holders, *queue]:
        services.register(event=event, user=person)

    at_once(len(holders), lambda n: services.cancel_registration(event=event, user=holders[n]))

    registered = Registration.objects.filter(event=event, state=RegistrationState.REGISTERED)
    assert set(registered.values_list("user_id", flat=True)) == {person.pk for person in queue}
