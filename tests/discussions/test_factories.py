"""Every discussions factory builds."""

import pytest

from tests.discussions.factories import ForumFactory, TopicFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ForumFactory, TopicFactory])
def test_every_factory_builds(factory):
    assert factory().pk
