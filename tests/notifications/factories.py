"""factory_boy factories for notifications: stored notices and members' settings."""

import factory

from portal.notifications.models import Delivery, Notification, NotificationSetting
from tests.network.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "tests.event"
    title = factory.Sequence(lambda n: f"Something happened ({n})")
    target_url = "/"
    delivery = Delivery.SITE


class NotificationSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationSetting

    user = factory.SubFactory(UserFactory)
    kind = "tests.event"
    delivery = Delivery.DAILY
