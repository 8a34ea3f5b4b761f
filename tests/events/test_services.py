"""Registering, the waiting list, cancelling, editing and reminders, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.events import notifications, services
from portal.events.models import RegistrationState
from portal.notifications.models import Notification
from tests.events.conftest import make_member
from tests.events.factories import EventFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def notices(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


def test_registering_twice_keeps_one_registration(member):
    event = EventFactory(capacity=5)

    first = services.register(event=event, user=member)
    second = services.register(event=event, user=member)

    assert first.pk == second.pk
    assert event.registrations.count() == 1
    assert second.state == RegistrationState.REGISTERED


def test_a_full_event_puts_members_on_the_waiting_list_in_order(member, other_member):
    event = EventFactory(capacity=1)
    third = make_member("Sam Lee")
    services.register(event=event, user=make_member("Jo Park"))

    waiting = [services.register(event=event, user=person) for person in (member, other_member, third)]

    assert [r.state for r in waiting] == [RegistrationState.WAITING] * 3
    assert [r.position for r in waiting] == [1, 2, 3]


def test_a_cancellation_promotes_the_first_in_line_and_tells_them(member, other_member):
    event = EventFactory(capacity=1)
    first = make_member("Jo Park")
    services.register(event=event, user=first)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    services.cancel_registration(event=event, user=first)

    assert event.registrations.get(user=member).state == RegistrationState.REGISTERED
    assert event.registrations.get(user=other_member).state == RegistrationState.WAITING
    assert notices(member, notifications.PROMOTED).count() == 1
    assert not notices(other_member, notifications.PROMOTED).exists()


def test_leaving_the_waiting_list_promotes_nobody(member, other_member):
    event = EventFactory(capacity=1)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    services.cancel_registration(event=event, user=other_member)

    assert event.registrations.get(user=member).state == RegistrationState.REGISTERED
    assert not Notification.objects.filter(kind=notifications.PROMOTED).exists()


def test_a_cancelled_event_tells_everyone_once_and_refuses_registrations(member, other_member, organiser):
    event = EventFactory(capacity=1, organisers=[organiser])
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    services.cancel_event(event=event, cancelled_by=organiser)
    services.cancel_event(event=event, cancelled_by=organiser)

    assert notices(member, notifications.CANCELLED).count() == 1
    assert notices(other_member, notifications.CANCELLED).count() == 1
    with pytest.raises(services.RegistrationRefused, match="cancelled"):
        services.register(event=event, user=make_member("Late Comer"))


def test_a_finished_event_refuses_registrations(member):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))

    with pytest.raises(services.RegistrationRefused, match="finished"):
        services.register(event=event, user=member)


def test_a_private_groups_event_refuses_outsiders(private_event, member):
    with pytest.raises(services.RegistrationRefused, match="group's members"):
        services.register(event=private_event, user=member)


def test_editing_raises_the_sequence_and_tells_those_registered_of_a_new_time(member, organiser):
    event = EventFactory(organisers=[organiser])
    services.register(event=event, user=member)

    updated = services.update_event(event=event, editor=organiser, starts_at=event.starts_at + timedelta(hours=1))

    assert updated.sequence == event.sequence + 1
    assert notices(member, notifications.CHANGED).count() == 1
    assert updated.revisions.count() == 1


def test_capacity_below_the_places_taken_is_refused(member, other_member, organiser):
    event = EventFactory(capacity=5)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    with pytest.raises(ValidationError, match="2 people are registered"):
        services.update_event(event=event, editor=organiser, capacity=1)


def test_a_larger_capacity_gives_places_to_the_waiting_list(member, other_member, organiser):
    event = EventFactory(capacity=1)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    services.update_event(event=event, editor=organiser, capacity=2)

    assert event.registrations.get(user=other_member).state == RegistrationState.REGISTERED


def test_reminders_go_once_to_those_registered_the_day_before(member, other_member):
    soon = timezone.now() + timedelta(hours=20)
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=2))
    later = EventFactory()  # a week away: no reminder yet
    services.register(event=event, user=member)
    services.register(event=later, user=other_member)

    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert notices(member, notifications.REMINDER).count() == 1
    assert not notices(other_member, notifications.REMINDER).exists()


def test_a_new_event_in_a_group_tells_its_members_but_not_its_creator(member, organiser):
    group = GroupFactory()
    MembershipFactory(group=group, user=member)
    MembershipFactory(group=group, user=organiser, role="organiser")
    start = timezone.now() + timedelta(days=10)

    event = services.create_event(
        created_by=organiser,
        group=group,
        title="Budget circle",
        summary="Deciding together how the small grants are spent.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        time_zone="Europe/London",
    )

    assert event.slug == "budget-circle"
    assert list(event.organisers.all()) == [organiser]
    assert notices(member, notifications.NEW_IN_GROUP).count() == 1
    assert not notices(organiser, notifications.NEW_IN_GROUP).exists()


def test_deleting_an_account_gives_its_place_to_the_waiting_list(member, other_member):
    from portal.accounts.services import delete_account

    event = EventFactory(capacity=1)
    services.register(event=event, user=member)
    services.register(event=event, user=other_member)

    delete_account(user_id=member.pk)

    assert event.registrations.get(user=other_member).state == RegistrationState.REGISTERED
    assert notices(other_member, notifications.PROMOTED).count() == 1


def test_followers_of_the_organiser_hear_of_a_public_event_but_not_of_a_private_groups(
    member, organiser, private_group
):
    from portal.network.services import ensure_profile, follow

    follow(follower=ensure_profile(user=member), followed=ensure_profile(user=organiser))
    start = timezone.now() + timedelta(days=5)
    times = {"starts_at": start, "ends_at": start + timedelta(hours=1), "summary": "Come along."}

    services.create_event(created_by=organiser, title="Open workshop", **times)
    services.create_event(created_by=organiser, group=private_group, title="Circle only", **times)

    told = notices(member, notifications.NEW_BY_FOLLOWED)
    assert list(told.values_list("title", flat=True)) == ["Priya Natarajan organises Open workshop"]
