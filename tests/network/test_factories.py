"""Every network factory builds a valid, saved object."""

import pytest

from tests.network.factories import FollowFactory, OrganisationFactory, PractitionerProfileFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [UserFactory, OrganisationFactory, PractitionerProfileFactory, FollowFactory])
def test_factory_builds_a_valid_object(factory):
    instance = factory()
    instance.full_clean()
    assert instance.pk


@pytest.mark.django_db
def test_every_user_gets_exactly_one_profile():
    user = UserFactory()
    profile = PractitionerProfileFactory(user=user, display_name="Asha Patel")
    assert user.profile == profile
    assert profile.display_name == "Asha Patel"
