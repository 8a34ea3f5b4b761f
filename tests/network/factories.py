"""factory_boy factories for the network: members, organisations, profiles, follows."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from portal.network import services
from portal.network.models import Follow, Organisation, PractitionerProfile, default_visibility
from tests.taxonomy.factories import OrganisationKindFactory

PASSWORD = "a-long-enough-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified email address (the signal gives them a profile)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = factory.SubFactory(OrganisationKindFactory)
    website = "https://example.org/"


class PractitionerProfileFactory(factory.django.DjangoModelFactory):
    """A profile; `roles`, `open_to`, `service_areas` and `principles` may be passed as lists."""

    class Meta:
        model = PractitionerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.display_name)}-{n}")
    headline = "Co-produces services with the people who use them"
    bio = "Works alongside residents to redesign local services."
    visibility = factory.LazyFunction(default_visibility)

    @classmethod
    def _create(cls, model_class, *args, user, **kwargs):
        # Every user already has a profile (created by the signal); fill it in.
        profile = services.ensure_profile(user=user)
        for name, value in kwargs.items():
            setattr(profile, name, value)
        profile.save()
        return profile

    @factory.post_generation
    def roles(profile, create, extracted, **kwargs):
        if create and extracted:
            services.set_roles(profile=profile, roles=extracted)

    @factory.post_generation
    def open_to(profile, create, extracted, **kwargs):
        if create and extracted:
            services.set_open_to(profile=profile, offers=extracted)

    @factory.post_generation
    def service_areas(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.service_areas.set(extracted)
            profile.save()

    @factory.post_generation
    def principles(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.principles.set(extracted)
            profile.save()


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory(PractitionerProfileFactory)
    followed = factory.SubFactory(PractitionerProfileFactory)
