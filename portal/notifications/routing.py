"""WebSocket routes of the live bell."""

from django.urls import path

from portal.notifications.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
