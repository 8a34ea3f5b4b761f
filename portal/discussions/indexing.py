"""What discussions expose to the search index: topics, as anyone may read them."""

from django.utils.html import strip_tags

from portal.discussions.models import Forum, Topic
from portal.discussions.rendering import render_markdown

SUMMARY_CHARACTERS = 300


def indexable_topics():
    """Every topic (topics are public to read), with what its document needs."""
    return Topic.objects.select_related("forum", "principle").order_by("-last_activity_at", "-pk")


def topic_document(topic: Topic) -> dict:
    """A discussion topic as the search index holds it: the opening post as plain text."""
    text = " ".join(strip_tags(render_markdown(topic.body)).split())
    summary = text if len(text) <= SUMMARY_CHARACTERS else text[: SUMMARY_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    principle = topic.principle if topic.principle and topic.principle.live else None
    return {
        "kind": "topic",
        "title": topic.title,
        "summary": summary,
        "body": text,
        "url": topic.get_absolute_url(),
        "published_at": topic.created_at,
        "suggest": topic.title,
        "forum": topic.forum.slug,
        "principles": [principle.slug] if principle else [],
    }


def topics_showing(instance) -> list[int]:
    """Topics whose documents show something of `instance` (their forum, their principle)."""
    from portal.practices.models import PrinciplePage

    if isinstance(instance, Forum):
        return list(Topic.objects.filter(forum=instance).values_list("pk", flat=True))
    if isinstance(instance, PrinciplePage):
        return list(Topic.objects.filter(principle=instance).values_list("pk", flat=True))
    return []


TOPIC_DEPENDENCIES = ("discussions.Forum", "practices.PrinciplePage")
