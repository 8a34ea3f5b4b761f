from django.urls import path

from portal.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("calendar.ics", views.portal_ics, name="portal_ics"),
    path("calendars/", views.calendar_settings, name="calendars"),
    path("calendars/<str:token>.ics", views.personal_ics, name="personal_ics"),
    path("groups/<slug:group_slug>/calendar.ics", views.group_ics, name="group_ics"),
    path("groups/<slug:group_slug>/calendar/<str:token>.ics", views.group_ics_for_member, name="group_member_ics"),
    path("<int:year>/<int:month>/", views.event_month, name="month"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel-registration/", views.cancel_registration, name="cancel_registration"),
    path("<slug:slug>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
]
