"""The discussions' one signal handler: a comment xtd has saved updates its topic and goes out live."""

from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from portal.discussions import services


def on_comment_saved(sender, comment, request, **kwargs):
    # xtd sends this once it has turned the posted TmpXtdComment into a saved XtdComment.
    saved = getattr(comment, "xtd_comment", None)
    if saved is not None:
        services.record_comment(saved)


def connect():
    confirmation_received.connect(on_comment_saved, sender=TmpXtdComment, dispatch_uid="discussions-comment-saved")
