"""URLs of members' reports and the take-down form (mounted at the site root)."""

from django.urls import path

from portal.moderation import views

app_name = "moderation"

urlpatterns = [
    path("reports/<str:kind>/<str:object_id>/", views.report, name="report"),
    path("take-down/", views.takedown, name="takedown"),
]
