"""Discussions signal handlers: a posted comment may be held for review; a saved one updates its topic and goes live."""

from django_comments.signals import comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from portal.discussions import selectors, services


def on_comment_will_be_posted(sender, comment, request, **kwargs):
    # Runs before xtd saves the comment: a held one is saved unpublished, so it is neither shown,
    # counted nor broadcast until a moderator publishes it.
    if comment.user is not None and selectors.needs_review(comment.user, comment.comment):
        comment.is_public = False


def on_comment_saved(sender, comment, request, **kwargs):
    # xtd sends this once it has turned the posted TmpXtdComment into a saved XtdComment.
    saved = getattr(comment, "xtd_comment", None)
    if saved is not None:
        services.record_comment(comment=saved)


def connect():
    comment_will_be_posted.connect(
        on_comment_will_be_posted, sender=TmpXtdComment, dispatch_uid="discussions-comment-review"
    )
    confirmation_received.connect(on_comment_saved, sender=TmpXtdComment, dispatch_uid="discussions-comment-saved")
