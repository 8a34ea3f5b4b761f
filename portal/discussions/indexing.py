"""What discussions expose to the search index: topics people may read, as plain text."""

from django.utils.html import strip_tags

from portal.discussions import access
from portal.discussions.models import Topic
from portal.discussions.rendering import render_markdown


def indexable_topics():
    # A private group's topics are indexed too, marked with their forum's key (see topic_document): both
    # engines return them only to searchers holding that key (readable_topic_keys), never to anyone else.
    return Topic.objects.select_related("forum", "principle")


def forum_key(forum_id: int) -> str:
    """The access key of a private forum's topics in the search index."""
    return f"forum:{forum_id}"


def attach_access(topics: list) -> list:
    """Mark, for a list of topics at once, which are in a private forum (what topic_document reads)."""
    private = set(access.private_forum_ids())
    for topic in topics:
        topic.is_in_private_forum = topic.forum_id in private
    return topics


def readable_topic_keys(user) -> list[str]:
    """The keys of the private forums whose topics this searcher may find (none for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return []
    hidden = set(access.hidden_forum_ids(user))
    return [forum_key(forum_id) for forum_id in sorted(set(access.private_forum_ids()) - hidden)]


def topic_document(topic: Topic) -> dict:
    """A topic as the search index holds it: its title, its sanitised text and its forum; a private forum's
    topic carries `restricted_to`, the key a searcher must hold to find it."""
    text = strip_tags(render_markdown(topic.body))
    is_private = getattr(topic, "is_in_private_forum", None)
    if is_private is None:
        is_private = topic.forum_id in access.private_forum_ids()
    restricted = {"restricted_to": [forum_key(topic.forum_id)]} if is_private else {}
    return {
        **restricted,
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
