"""Every practices factory builds a valid object."""

import pytest

from tests.practices import factories

ALL_FACTORIES = [
    factories.ServiceAreaFactory,
    factories.RegionFactory,
    factories.PrinciplePageFactory,
    factories.CaseStudyPageFactory,
    factories.PrincipleApplicationFactory,
    factories.CaseStudyContributorFactory,
    factories.ImpactMeasureFactory,
]


@pytest.mark.parametrize("factory_class", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_saved_valid_object(db, factory_class):
    instance = factory_class()

    assert instance.pk is not None
    instance.full_clean()
