"""Fixtures for imports: the practices tree, principles and taxonomies (practices' own fixtures), an organisation."""

import pytest

from tests.network.factories import OrganisationFactory, PractitionerProfileFactory
from tests.practices.conftest import health, housing, london, principles, tree, wales  # noqa: F401


@pytest.fixture
def town_council(db):
    return OrganisationFactory(name="Riverside Town Council", slug="riverside-town-council")


@pytest.fixture
def amara(db):
    return PractitionerProfileFactory(display_name="Amara Okafor")
