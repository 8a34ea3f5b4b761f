"""A task for the worker tests: it sends a thread's reaction counts to the live readers of that thread."""

from django_comments_xtd.models import XtdComment
from django_tasks import task

from portal.discussions import services


@task()
def broadcast_reactions(comment_id: int) -> None:
    services.broadcast_reactions(XtdComment.objects.get(pk=comment_id))
