"""Wagtail admin for discussions: editors manage forums and topics, moderators act on comments and topics.

Moderators' decisions are bulk actions (one comment or many) that call the discussions services, so the
admin, the site and the tests change a comment's state the same way.
"""

import django_filters
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.discussions import services
from portal.discussions.models import Forum, Topic


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "folder-open-inverse"
    menu_label = "Forums"
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]
    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),  # fills the slug in as the name is typed
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("description"),
        FieldPanel("order"),
    ]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "comment"
    menu_label = "Topics"
    list_display = ["title", "forum", "author", "last_activity_at", "reply_count", "is_pinned", "is_locked"]
    list_filter = ["forum", "is_pinned", "is_locked"]
    search_fields = ["title", "body"]
    search_backend_name = None  # plain database filtering: topics are not in the search index
    ordering = ["-last_activity_at"]
    panels = [
        FieldPanel("forum"),
        TitleFieldPanel("title", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("body"),
        FieldPanel("case_study"),
        FieldPanel("principle"),
        FieldPanel("is_pinned"),
        FieldPanel("is_locked", read_only=True, help_text="Use the Lock and Reopen actions in the topic list."),
    ]


class CommentFilterSet(WagtailFilterSet):
    is_reported = django_filters.BooleanFilter(label="Reported by members", method="filter_reported")

    class Meta:
        model = XtdComment
        fields = ["is_public", "is_removed"]

    def filter_reported(self, queryset, name, value):
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


class CommentViewSet(SnippetViewSet):
    """Held, reported and removed comments; the Publish, Hold and Remove actions decide on them."""

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
        FieldPanel("is_public", read_only=True, help_text="Use the Publish, Hold and Remove actions in the list."),
        FieldPanel("is_removed", read_only=True),
    ]

    def get_queryset(self, request):
        reports = Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL))
        return XtdComment.objects.annotate(report_count=reports).select_related("content_type", "user__profile")


class ModerationAction(SnippetBulkAction):
    """A moderator's decision on the selected objects, taken through one discussions service each."""

    template_name = "discussions/admin/confirm_decision.html"
    permission = ""
    service = ""
    question = ""
    done = ""

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        cls.decide(objects, kwargs["self"].request.user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.done.format(count=num_parent_objects, s="" if num_parent_objects == 1 else "s")


class CommentAction(ModerationAction):
    models = [XtdComment]
    permission = "django_comments_xtd.can_moderate"

    @classmethod
    def decide(cls, comments, moderator):
        for comment in comments:
            getattr(services, cls.service)(comment=comment, moderator=moderator)


class PublishComments(CommentAction):
    display_name = "Publish"
    action_type = "publish-comments"
    aria_label = "Publish the selected comments in their threads"
    service = "publish_comment"
    question = "Publish these comments in their threads? Followers are told of each one (once)."
    done = "{count} comment{s} published."


class HoldComments(CommentAction):
    display_name = "Hold"
    action_type = "hold-comments"
    aria_label = "Hold the selected comments back from their threads"
    service = "hold_comment"
    question = "Hold these comments back until a moderator publishes them?"
    done = "{count} comment{s} held."


class RemoveComments(CommentAction):
    display_name = "Remove"
    action_type = "remove-comments"
    aria_label = "Remove the selected comments from their threads"
    classes = {"serious"}
    service = "remove_comment"
    question = "Remove these comments from their threads? They are kept for the record and can be published again."
    done = "{count} comment{s} removed."


class TopicAction(ModerationAction):
    models = [Topic]
    permission = "discussions.change_topic"
    is_locked = True

    @classmethod
    def decide(cls, topics, moderator):
        for topic in topics:
            services.set_topic_locked(topic=topic, is_locked=cls.is_locked)


class LockTopics(TopicAction):
    display_name = "Lock"
    action_type = "lock-topics"
    aria_label = "Lock the selected topics against new replies"
    question = "Lock these topics? They take no new replies until reopened."
    done = "{count} topic{s} locked."


class ReopenTopics(TopicAction):
    display_name = "Reopen"
    action_type = "reopen-topics"
    aria_label = "Reopen the selected topics to new replies"
    is_locked = False
    question = "Reopen these topics to new replies?"
    done = "{count} topic{s} reopened."


for action in (PublishComments, HoldComments, RemoveComments, LockTopics, ReopenTopics):
    hooks.register("register_bulk_action", action)


def _action_url(model, action, obj, next_url) -> str:
    path = reverse("wagtail_bulk_action", args=(model._meta.app_label, model._meta.model_name, action.action_type))
    return f"{path}?{urlencode({'id': obj.pk, 'next': next_url or ''})}"


@hooks.register("register_snippet_listing_buttons")
def moderation_buttons(snippet, user, next_url=None):
    """Each comment's or topic's decisions that apply to it now, one click from the list."""
    if isinstance(snippet, XtdComment) and user.has_perm(CommentAction.permission):
        is_shown = snippet.is_public and not snippet.is_removed
        actions = [HoldComments, RemoveComments] if is_shown else [PublishComments]
        if not snippet.is_removed and not is_shown:
            actions.append(RemoveComments)
        return [
            Button(action.display_name, _action_url(XtdComment, action, snippet, next_url), priority=20 + n)
            for n, action in enumerate(actions)
        ]
    if isinstance(snippet, Topic) and user.has_perm(TopicAction.permission):
        action = ReopenTopics if snippet.is_locked else LockTopics
        return [Button(action.display_name, _action_url(Topic, action, snippet, next_url), priority=20)]
    return []


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
