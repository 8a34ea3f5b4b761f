"""The few django-comments-xtd routes the portal serves (mounted at /comments/), each one chosen.

Not mounted, on purpose: xtd's reply, flag, like, dislike, delete and approve pages render a
comment through xtd's markup filter, which marks unsanitised Markdown safe (stored script
injection); its REST API posts around the members-only gate and the rate limit, takes any
author name, and lists every comment with the MD5 of its author's email. Posting, flagging and
reactions go through the portal's own views instead.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import path, re_path
from django_comments.views.comments import comment_done
from django_comments_xtd import views as xtd_views

from portal.discussions import selectors, views


def readable_shortcut(request, content_type_id, object_id):
    """xtd's link to a comment's page, for threads the reader may read only (a private group's topic is not there)."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    key = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    if not str(object_id).isdigit() or selectors.readable_thread(key, int(object_id), request.user) is None:
        raise Http404("No such discussion.")
    return shortcut(request, content_type_id, object_id)


urlpatterns = [
    # django-comments' form target tag reverses this name: keep it on the portal's gated view.
    path("post/", views.post_comment, name="comments-post-comment"),
    path("posted/", comment_done, name="comments-comment-done"),
    # XtdComment.get_absolute_url() and xtd's follow-up emails link through these.
    re_path(r"^cr/(\d+)/(.+)/$", readable_shortcut, name="comments-url-redirect"),
    re_path(r"^mute/(?P<key>[^/]+)/$", xtd_views.mute, name="comments-xtd-mute"),
]
