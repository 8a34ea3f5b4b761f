"""URLs of notifications (mounted at /notifications/)."""

from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("settings/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
