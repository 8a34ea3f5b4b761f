from tests.events.factories import EventFactory, GroupFactory, MembershipFactory


def test_every_factory_builds(db):
    event = EventFactory(group=GroupFactory())
    membership = MembershipFactory(group=event.group)
    assert event.ends_at > event.starts_at
    assert membership.group == event.group
