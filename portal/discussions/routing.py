"""WebSocket routes of the live threads."""

from django.urls import path

from portal.discussions.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/discussions/<str:content_type>/<int:object_id>/", ThreadConsumer.as_asgi()),
]
