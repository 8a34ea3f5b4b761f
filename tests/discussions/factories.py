"""factory_boy factories for discussions: forums and topics; comments go through the service."""

import factory
from django.utils.text import slugify

from portal.discussions.models import Forum, Topic
from tests.network.factories import UserFactory


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Where members compare notes."
    order = factory.Sequence(int)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"How do you pay people for their time? ({n})")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    body = "We pay **£15 an hour**; what do others do?"
    author = factory.SubFactory(UserFactory)
