"""factory_boy factories for events (and the groups they belong to); registrations go through the service."""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from portal.events.models import Event, EventFormat
from portal.groups.models import Access, Group, Membership, MembershipState, Role


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Events test group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    access = Access.OPEN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory("tests.network.factories.UserFactory")
    role = Role.MEMBER
    state = MembershipState.ACTIVE


class EventFactory(factory.django.DjangoModelFactory):
    """A scheduled in-person event a week from now, two hours long, in London."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Co-production meet-up {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "An evening of stories from people who co-produce their services."
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "Europe/London"
    format = EventFormat.IN_PERSON
    venue_name = "Millbrook Community Hall"
    venue_address = "12 Orchard Lane, Millbrook"
    step_free_access = True

    @factory.post_generation
    def organisers(event, create, extracted, **kwargs):
        if create and extracted:
            event.organisers.add(*extracted)
