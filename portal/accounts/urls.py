from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sign-in-alerts/", views.sign_in_alerts, name="sign_in_alerts"),
    # Replaces allauth.usersessions' list (same address) with one that can end a single session.
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("data/", views.your_data, name="your_data"),
    path("data/exports/", views.request_data_export, name="request_data_export"),
    path("data/exports/<uuid:token>/", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete_account"),
    path("deleted/", views.deleted, name="deleted"),
]
