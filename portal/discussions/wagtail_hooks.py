"""Wagtail admin for discussions: editors manage forums and topics (pin, lock)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.discussions.models import Forum, Topic


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "folder-open-inverse"
    menu_label = "Forums"
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "comment"
    menu_label = "Topics"
    list_display = ["title", "forum", "author", "last_activity_at", "reply_count", "is_pinned", "is_locked"]
    list_filter = ["forum", "is_pinned", "is_locked"]
    search_fields = ["title", "body"]
    search_backend_name = None  # plain database filtering: topics are not in the search index
    ordering = ["-last_activity_at"]


class DiscussionsViewSetGroup(SnippetViewSetGroup):
    items = (ForumViewSet, TopicViewSet)
    menu_icon = "comment"
    menu_label = "Discussions"
    menu_name = "discussions"


register_snippet(DiscussionsViewSetGroup)
