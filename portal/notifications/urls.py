"""URLs of notifications (mounted at /notifications/)."""

from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/read/", views.mark_read, name="mark_read"),
    path("settings/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
