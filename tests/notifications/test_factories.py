"""Every notifications factory builds a valid row."""

import pytest

from tests.notifications.factories import NotificationFactory, NotificationSettingFactory


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [NotificationFactory, NotificationSettingFactory])
def test_the_factory_builds(factory):
    assert factory().pk
