"""What discussions expose to the search index: topics people may read, as plain text."""

from django.utils.html import strip_tags

from portal.discussions import access
from portal.discussions.models import Topic
from portal.discussions.rendering import render_markdown


def indexable_topics():
    # A private group's topics never reach either engine: the index answers everyone alike.
    return Topic.objects.exclude(forum_id__in=access.private_forum_ids()).select_related("forum", "principle")


def topic_document(topic: Topic) -> dict:
    """A topic as the search index holds it: its title, its sanitised text and its forum."""
    text = strip_tags(render_markdown(topic.body))
    return {
        "kind": "topic",
        "title": topic.title,
        "summary": text[:300],
        "body": text,
        "url": topic.get_absolute_url(),
        "published_at": topic.created_at,
        "suggest": topic.title,
        "forum": topic.forum.slug,
        "principles": [topic.principle.slug] if topic.principle_id else [],
    }


# What people search topics by (both engines read it): the summary repeats the body's start.
TOPIC_FIELDS = {"title": 4.0, "body": 1.0}
TOPIC_FACETS = {"principle": "principles"}


# --- for the search outbox: which topics to reindex when something they show changes --------------


def topics_showing(instance) -> list[int]:
    """Topics whose documents show something of `instance` (their forum, their principle)."""
    from portal.discussions.models import Forum
    from portal.practices.models import PrinciplePage

    if isinstance(instance, Forum):
        return list(Topic.objects.filter(forum=instance).values_list("pk", flat=True))
    if isinstance(instance, PrinciplePage):
        return list(Topic.objects.filter(principle=instance).values_list("pk", flat=True))
    if instance._meta.label == "groups.Group" and instance.forum_id:  # its access decides whether they are in
        return list(Topic.objects.filter(forum_id=instance.forum_id).values_list("pk", flat=True))
    return []


TOPIC_DEPENDENCIES = ("discussions.Forum", "practices.PrinciplePage", "groups.Group")
