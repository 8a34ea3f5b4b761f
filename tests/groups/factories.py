"""factory_boy factories for groups and memberships; groups made here get their forum as the service gives it."""

import factory
from django.utils.text import slugify

from portal.groups import services
from portal.groups.models import Access, Group, GroupKind, Membership, MembershipState, Role
from tests.network.factories import UserFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Co-producers group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = GroupKind.TOPIC
    access = Access.OPEN
    summary = "Practitioners who meet to compare notes."

    @factory.post_generation
    def with_forum(group, create, extracted, **kwargs):
        if create:
            services.ensure_forum(group=group)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    state = MembershipState.ACTIVE
