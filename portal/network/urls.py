from django.urls import path

from portal.network import views

app_name = "network"

urlpatterns = [
    path("practitioners/", views.directory, name="directory"),
    path("practitioners/<slug:slug>.json", views.profile_json, name="profile_json"),
    path("practitioners/<slug:slug>/", views.profile_detail, name="profile_detail"),
    path("practitioners/<slug:slug>/follow/", views.follow, name="follow"),
    path("practitioners/<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("practitioners/<slug:slug>/contact/", views.contact, name="contact"),
    path("practitioners/messages/<int:message_id>/", views.contact_message, name="contact_message"),
    path("practitioners/messages/<int:message_id>/report/", views.report_contact_message, name="report_contact"),
    path("practitioners/<slug:slug>/block/", views.block, name="block"),
    path("practitioners/<slug:slug>/unblock/", views.unblock, name="unblock"),
    path("practitioners/<slug:slug>/mute/", views.mute, name="mute"),
    path("practitioners/<slug:slug>/unmute/", views.unmute, name="unmute"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("network/", views.graph_page, name="graph"),
    path("network/graph.json", views.graph_json, name="graph_json"),
]
