"""The notification contract: one notice per member and event, delivered as each member chose."""

import pytest
from django.db import transaction

from portal.notifications import services
from portal.notifications.kinds import Kind, get_kind, kinds, register
from portal.notifications.models import Delivery, EmailState, Notification

pytestmark = pytest.mark.django_db


def test_a_notice_is_stored_for_each_recipient_with_its_rendered_title(member, other_member):
    stored = services.notify(
        kind="tests.event", recipients=[member], target_url="/forums/", context={"what": "a thing"}, actor=other_member
    )

    assert [(n.recipient, n.title, n.text, n.target_url) for n in stored] == [
        (member, "Tom Reyes did a thing", "About a thing.", "/forums/")
    ]
    assert stored[0].read_at is None
    assert stored[0].email_state == EmailState.PENDING


def test_the_actor_is_never_told_of_their_own_act(member, other_member):
    stored = services.notify(kind="tests.event", recipients=[member, other_member], target_url="/", actor=member)

    assert [n.recipient for n in stored] == [other_member]


def test_the_same_event_is_stored_once_per_member(member, other_member):
    services.notify(kind="tests.event", recipients=[member], target_url="/", dedupe_key="event:1")
    again = services.notify(kind="tests.event", recipients=[member, other_member], target_url="/", dedupe_key="event:1")

    assert [n.recipient for n in again] == [other_member]
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_members_setting_decides_the_delivery(member, other_member):
    services.set_delivery(user=member, kind="tests.event", delivery=Delivery.SITE)
    services.set_delivery(user=other_member, kind="tests.event", delivery=Delivery.OFF)

    stored = services.notify(kind="tests.event", recipients=[member, other_member], target_url="/")

    assert [(n.recipient, n.delivery, n.email_state) for n in stored] == [(member, "site", EmailState.NONE)]


def test_nothing_is_stored_when_the_callers_transaction_rolls_back(member):
    def failing_caller():
        with transaction.atomic():
            services.notify(kind="tests.event", recipients=[member], target_url="/")
            raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError):
        failing_caller()

    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused(member):
    with pytest.raises(LookupError):
        services.notify(kind="tests.nothing", recipients=[member], target_url="/")


def test_kinds_are_registered_once_under_a_name():
    assert get_kind("tests.event") in kinds()
    with pytest.raises(ValueError, match="already registered"):
        register(Kind(name="tests.event", label="Something else"))


def test_a_suspended_member_is_told_nothing(member, other_member):
    other_member.is_active = False
    other_member.save(update_fields=["is_active"])

    stored = services.notify(kind="tests.event", recipients=[member, other_member], target_url="/")

    assert [n.recipient for n in stored] == [member]
