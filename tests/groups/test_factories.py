from portal.groups.models import Membership
from tests.groups.factories import GroupFactory, MembershipFactory


def test_every_factory_builds(db):
    group = GroupFactory()
    assert group.forum is not None
    assert group.forum.slug == f"group-{group.slug}"
    assert isinstance(MembershipFactory(group=group), Membership)
