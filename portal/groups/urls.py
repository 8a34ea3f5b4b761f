"""URLs of groups (mounted at /groups/)."""

from django.urls import path

from portal.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/invitation/decline/", views.decline_invitation, name="decline_invitation"),
    path("<slug:slug>/members/", views.manage_members, name="members"),
    path("<slug:slug>/members/invite/", views.invite, name="invite"),
    path("<slug:slug>/members/<int:membership_id>/<str:action>/", views.member_action, name="member_action"),
    path("<slug:slug>/notice/", views.notice, name="notice"),
]
