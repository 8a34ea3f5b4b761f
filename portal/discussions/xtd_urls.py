"""The few django-comments-xtd routes the portal serves (mounted at /comments/), each one chosen.

Not mounted, on purpose: xtd's reply, flag, like, dislike, delete and approve pages render a
comment through xtd's markup filter, which marks unsanitised Markdown safe (stored script
injection); its REST API posts around the members-only gate and the rate limit, takes any
author name, and lists every comment with the MD5 of its author's email. Posting, flagging and
reactions go through the portal's own views instead.
"""

from django.contrib.contenttypes.views import shortcut
from django.urls import path, re_path
from django_comments.views.comments import comment_done
from django_comments_xtd import views as xtd_views

from portal.discussions import views

urlpatterns = [
    # django-comments' form target tag reverses this name: keep it on the portal's gated view.
    path("post/", views.post_comment, name="comments-post-comment"),
    path("posted/", comment_done, name="comments-comment-done"),
    # XtdComment.get_absolute_url() and xtd's follow-up emails link through these.
    re_path(r"^cr/(\d+)/(.+)/$", shortcut, name="comments-url-redirect"),
    re_path(r"^mute/(?P<key>[^/]+)/$", xtd_views.mute, name="comments-xtd-mute"),
]
