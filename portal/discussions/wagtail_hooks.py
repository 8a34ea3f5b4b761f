"""Wagtail admin for discussions: editors manage forums and topics (pin, lock) and moderate comments."""

import django_filters
from django.db.models import Count, Q
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.discussions import moderation
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


class CommentFilterSet(WagtailFilterSet):
    is_reported = django_filters.BooleanFilter(label="Reported by members", method="filter_reported")

    class Meta:
        model = XtdComment
        fields = ["is_public", "is_removed"]

    def filter_reported(self, queryset, name, value):
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class CommentViewSet(SnippetViewSet):
    """Held, reported and removed comments: untick "is public" to hold, tick "is removed" to remove, and back."""

    model = XtdComment
    icon = "comment"
    menu_label = "Comments"
    url_prefix = "discussions/comments"
    filterset_class = CommentFilterSet
    list_display = [
        "__str__",
        Column("content_object", label="Thread"),
        "submit_date",
        BooleanColumn("is_public", label="Published"),
        BooleanColumn("is_removed", label="Removed"),
        Column("report_count", label="Reports", sort_key="report_count"),
    ]
    ordering = ["-submit_date"]
    panels = [
        FieldPanel("user_name", read_only=True),
        FieldPanel("comment", read_only=True),
        FieldPanel("is_public", help_text="Untick to hold the comment back from its thread."),
        FieldPanel("is_removed", help_text="Tick to remove the comment; untick to restore it."),
    ]

    def get_queryset(self, request):
        reports = Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL))
        return XtdComment.objects.annotate(report_count=reports).select_related("content_type", "user__profile")


@hooks.register("after_edit_snippet")
def follow_up_comment_moderation(request, instance):
    if isinstance(instance, XtdComment):
        moderation.comment_changed_in_admin(instance)


# The network app's suspension (confirm, reason, sign-out) serves comment authors too.
SUSPEND_PERMISSION = "network.change_practitionerprofile"


@hooks.register("register_snippet_listing_buttons")
def suspend_author_button(snippet, user, next_url=None):
    if not isinstance(snippet, XtdComment) or not user.has_perm(SUSPEND_PERMISSION):
        return []
    profile = getattr(snippet.user, "profile", None) if snippet.user_id else None
    if profile is None or profile.is_suspended:
        return []
    url = reverse("network_suspension", args=[profile.pk])
    return [Button(f"Suspend {profile.display_name}", url, icon_name="lock", priority=90)]


class DiscussionsViewSetGroup(SnippetViewSetGroup):
    items = (ForumViewSet, TopicViewSet, CommentViewSet)
    menu_icon = "comment"
    menu_label = "Discussions"
    menu_name = "discussions"


# Registering comments as snippets would put them in Wagtail's reference index, which rewrites a comment's
# rows on each of the two saves xtd makes per post (about a fifth of a post's time). Comments link only to
# their author, site and thread, none of which an editor needs a "used in" count for.
XtdComment.wagtail_reference_index_ignore = True
register_snippet(DiscussionsViewSetGroup)
