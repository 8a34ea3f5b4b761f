"""URLs of the forums and topics (mounted at /discussions/)."""

from django.urls import path

from portal.discussions import views

app_name = "discussions"

urlpatterns = [
    path("", views.forum_list, name="forum_list"),
    path("comments/post/", views.post_comment, name="post_comment"),
    path("comments/<int:comment_id>/report/", views.report_comment, name="report_comment"),
    path("comments/<int:comment_id>/react/", views.react_to_comment, name="react"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/node/", views.comment_node, name="comment_node"),
    path("comments/<int:comment_id>/history/", views.comment_history, name="comment_history"),
    path("members/mention/", views.members_to_mention, name="members_to_mention"),
    path("follow/", views.follow_thread, name="follow"),
    path("notifications/", views.notification_settings, name="notification_settings"),
    path("<slug:forum_slug>/", views.forum_detail, name="forum"),
    path("<slug:forum_slug>/new/", views.topic_create, name="topic_create"),
    path("<slug:forum_slug>/<slug:topic_slug>/", views.topic_detail, name="topic"),
    path("<slug:forum_slug>/<slug:topic_slug>/edit/", views.topic_edit, name="topic_edit"),
]
