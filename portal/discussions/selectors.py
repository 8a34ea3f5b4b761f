"""Reads for forums, topics and discussion threads (on topics and on case study pages)."""

import re
from collections import defaultdict
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd import get_form
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type
from wagtail.models import Page

from portal.discussions import access
from portal.discussions.models import (
    COMMENT_KIND,
    CommentRevision,
    Forum,
    Frequency,
    LatePublication,
    Reaction,
    Subscription,
    Topic,
    TopicVisit,
)
from portal.discussions.rendering import handles_in, render_comment
from portal.network import selectors as network
from portal.notifications import selectors as notifications

TOPICS_PER_PAGE = 20
CATCH_UP_LIMIT = 500
# A link in any form Markdown or a mail client would make clickable.
LINK_PATTERN = re.compile(r"(https?://|ftp://|www\.|\]\s*\(|<a\s|mailto:)", re.IGNORECASE)


def is_new_member(user) -> bool:
    """Whether the member joined too recently for their links to go out unreviewed."""
    if user.is_staff or user.has_perm("django_comments.can_moderate"):
        return False
    return user.date_joined > timezone.now() - timedelta(days=settings.DISCUSSION_NEW_MEMBER_DAYS)


def needs_review(user, text: str) -> bool:
    """Whether a comment is held for a moderator before anyone else sees it."""
    return bool(LINK_PATTERN.search(text or "")) and is_new_member(user)


def thread_path(target) -> str:
    """The path of the page that shows a thread."""
    return target.get_absolute_url() if hasattr(target, "get_absolute_url") else target.get_url()


def subscription_for(user, target) -> Subscription | None:
    """The member's subscription to a thread, if any (one they muted included)."""
    if not user.is_authenticated:
        return None
    content_type = ContentType.objects.get_for_model(target)
    return Subscription.objects.filter(user=user, content_type=content_type, object_id=target.pk).first()


def default_delivery(user) -> str:
    """How the member hears of new comments in followed threads that have no frequency of their own."""
    return notifications.delivery_for(user, COMMENT_KIND)


def is_following(user, target) -> bool:
    """Whether the member gets news of this thread."""
    subscription = subscription_for(user, target)
    return subscription is not None and subscription.frequency != Frequency.NONE


FOLLOWING_SUMMARIES = {
    "immediate": "You get an email for each new comment",
    "daily": "New comments come in your daily digest",
    "weekly": "New comments come in your weekly digest",
    "site": "New comments show under the bell, without email",
    "off": "You follow it, but your notification settings turn these notices off",
}


def following_summary(user, target) -> str:
    """How the member hears of new comments in a thread they follow, in words (the one source: their settings)."""
    subscription = subscription_for(user, target)
    delivery = (subscription.frequency if subscription else "") or default_delivery(user)
    return FOLLOWING_SUMMARIES.get(delivery, "")


def thread_group_name(content_type: ContentType, object_id: int) -> str:
    """The channel-layer group that carries one thread's live events."""
    return f"thread.{content_type.app_label}.{content_type.model}.{object_id}"


def thread_key(target) -> str:
    """The `app_label.model` naming a thread's content type in URLs and xtd options."""
    content_type = ContentType.objects.get_for_model(target)
    return f"{content_type.app_label}.{content_type.model}"


def is_readable(target) -> bool:
    """Whether the public may read the thread on this object."""
    if isinstance(target, Page):
        return target.live and Page.objects.filter(pk=target.pk).public().exists()
    return isinstance(target, Topic)


def is_open_for_replies(target) -> bool:
    """Whether the thread takes new comments: readable, and not a locked topic."""
    return is_readable(target) and not getattr(target, "is_locked", False)


def readable_thread(content_type_key: str, object_id: int, user=None):
    """The ContentType of a thread this reader may follow live, or None."""
    app_label, _, model = content_type_key.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    model_class = content_type.model_class()
    if model_class is None:
        return None
    objects = model_class._default_manager.filter(pk=object_id)
    if issubclass(model_class, Page):
        objects = objects.live().public()
    elif model_class is Topic:
        objects = objects.exclude(forum_id__in=access.hidden_forum_ids(user))
    else:
        return None
    return content_type if objects.exists() else None


def forums_with_activity(user=None):
    """Every forum with its topic count and latest activity; for a member, `new_topic_count`: topics with
    activity since they last opened them (or, never opened, since they joined)."""
    forums = Forum.objects.exclude(pk__in=access.hidden_forum_ids(user)).annotate(
        topic_count=Count("topics"), latest_activity=Max("topics__last_activity_at")
    )
    if user is not None and user.is_authenticated:
        visited = TopicVisit.objects.filter(user=user, topic=OuterRef("topics")).values("visited_at")[:1]
        unseen = Q(topics__last_activity_at__gt=user.date_joined) & ~Q(topics__visits__user=user)
        seen_since = Q(topics__last_activity_at__gt=Subquery(visited))
        forums = forums.annotate(new_topic_count=Count("topics", filter=unseen | seen_since, distinct=True))
    return forums


def forum_by_slug(slug: str, user=None) -> Forum:
    """The forum at this slug if the reader may see it, or 404 (a private group's forum is not there for others)."""
    return get_object_or_404(Forum.objects.exclude(pk__in=access.hidden_forum_ids(user)), slug=slug)


TOPIC_ORDERS = {
    "activity": ("-last_activity_at", "-pk"),
    "replies": ("-reply_count", "-last_activity_at", "-pk"),
    "newest": ("-created_at", "-pk"),
}


def forum_topics(forum: Forum, page_number, sort: str = "activity", user=None):
    """One page of a forum's topics: pinned first, then by latest activity, most replies or newest; for a
    member each topic says `is_new` (activity since their last visit) and `is_unvisited`."""
    topics = forum.topics.select_related("author", "forum").order_by("-is_pinned", *TOPIC_ORDERS[sort])
    if user is not None and user.is_authenticated:
        visits = TopicVisit.objects.filter(user=user, topic=OuterRef("pk"))
        topics = topics.annotate(visited_at=Subquery(visits.values("visited_at")[:1]))
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(page_number)
    if user is not None and user.is_authenticated:
        for topic in page:
            topic.is_unvisited = topic.visited_at is None and topic.last_activity_at > user.date_joined
            topic.is_new = topic.visited_at is not None and topic.last_activity_at > topic.visited_at
    return page


def topic_by_slugs(forum_slug: str, topic_slug: str, user=None) -> Topic:
    """The topic at these slugs if the reader may see it, or 404."""
    return get_object_or_404(
        Topic.objects.select_related("forum", "author", "case_study", "principle").exclude(
            forum_id__in=access.hidden_forum_ids(user)
        ),
        forum__slug=forum_slug,
        slug=topic_slug,
    )


def topic_edit_deadline(topic: Topic):
    """Until when the topic's author may edit it."""
    return topic.created_at + timedelta(minutes=settings.DISCUSSION_TOPIC_EDIT_MINUTES)


def can_edit_topic(topic: Topic, user) -> bool:
    """Whether this user may edit the topic now: its author, within the edit window."""
    is_author = user is not None and user.is_authenticated and topic.author_id == user.pk
    return is_author and timezone.now() < topic_edit_deadline(topic)


def topic_edit_refusal(topic: Topic, user) -> str:
    """Why this user may not edit the topic, in words for them."""
    if user is None or not user.is_authenticated or topic.author_id != user.pk:
        return "Only the member who started a topic can edit it."
    minutes = settings.DISCUSSION_TOPIC_EDIT_MINUTES
    return (
        f"A topic can be edited for {minutes} minutes after it is started, and that time has passed. "
        "Add a comment to the discussion instead."
    )


def public_topics():
    """Every topic anyone may read, oldest first (for the sitemap)."""
    return Topic.objects.exclude(forum_id__in=access.private_forum_ids()).select_related("forum").order_by("pk")


def latest_topics(limit: int = 5):
    """The topics anyone may read with the most recent activity, for the home page."""
    topics = Topic.objects.exclude(forum_id__in=access.private_forum_ids()).select_related("forum")
    return list(topics.order_by("-last_activity_at", "-pk")[:limit])


def visible_comments(content_type: ContentType, object_id):
    """A thread's published comments in thread order, each with `edited_at` (its author's last edit, if any)
    and `is_deleted` (its author deleted it: a placeholder stays where replies hang from it)."""
    revisions = CommentRevision.objects.filter(comment=OuterRef("pk"))
    return (
        XtdComment.objects.filter(
            content_type=content_type,
            object_pk=str(object_id),
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        .annotate(
            edited_at=Subquery(revisions.filter(is_deletion=False).order_by("-created_at").values("created_at")[:1]),
            is_deleted=Exists(revisions.filter(is_deletion=True)),
        )
        .order_by("thread_id", "order")
    )


def comment_tree(comments) -> list[dict]:
    """Nest comments in thread order as [{"comment": c, "children": [...]}, ...]."""
    nodes, roots = {}, []
    for comment in comments:
        node = nodes[comment.pk] = {"comment": comment, "children": []}
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent["children"] if parent else roots).append(node)
    return roots


def max_level_for(target) -> int:
    return max_thread_level_for_content_type(ContentType.objects.get_for_model(target))


def _int_param(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def thread_roots(content_type: ContentType, object_id):
    """The thread's conversations in order: the distinct `thread_id` (top-level comment id) of its visible
    comments. A page of a thread is a slice of these, so a reply never lands on another page than its parent."""
    # Ordered by `thread_id + 0`, not the column: with the column PostgreSQL walks the whole thread_id index
    # and filters each comment by its target (LIMIT 30 looks cheap), 1.2 s at a million comments; the
    # expression makes it read the target's comments by object_pk and sort them, 10 ms (docs/scaling.md).
    return (
        visible_comments(content_type, object_id)
        .annotate(root=F("thread_id") + 0)
        .order_by("root")
        .values_list("root", flat=True)
        .distinct()
    )


def _page_of_thread(content_type, object_id, thread_id: int) -> int:
    before = thread_roots(content_type, object_id).filter(thread_id__lt=thread_id)
    return before.count() // settings.DISCUSSION_THREADS_PER_PAGE + 1


def page_of_comment(comment) -> int:
    """The thread page (1-based) that shows this comment: where its top-level comment falls."""
    return _page_of_thread(comment.content_type_id, comment.object_pk, comment.thread_id)


def comment_path(target, comment) -> str:
    """A link to one comment that lands on the thread page that shows it (`?c=` picks the page)."""
    return f"{thread_path(target)}?c={comment.pk}#c{comment.pk}"


def _thread_page(content_type, target, request):
    roots = Paginator(thread_roots(content_type, target.pk), settings.DISCUSSION_THREADS_PER_PAGE)
    query = request.GET if request is not None else {}
    number = _int_param(query.get("page"))
    if number is None:
        wanted = _int_param(query.get("c"))
        thread_id = (
            visible_comments(content_type, target.pk).filter(pk=wanted).values_list("thread_id", flat=True).first()
            if wanted
            else None
        )
        number = _page_of_thread(content_type, target.pk, thread_id) if thread_id is not None else 1
    return roots.get_page(number)


def thread_context(target, request) -> dict:
    """Everything the thread include shows for one object and one reader: one page of its conversations
    (DISCUSSION_THREADS_PER_PAGE top-level comments with all their replies), in a fixed number of queries."""
    content_type = ContentType.objects.get_for_model(target)
    page = _thread_page(content_type, target, request)
    thread = visible_comments(content_type, target.pk)
    comments = list(thread.filter(thread_id__in=list(page.object_list)))
    user = getattr(request, "user", None)
    attach_reactions(comments, user)
    attach_html(comments)
    is_member = bool(user and user.is_authenticated)
    is_open = is_open_for_replies(target)
    muted = network.muted_by(user)
    _attach_reader_state(comments, user, muted)
    max_level = max_thread_level_for_content_type(content_type)
    quote = quote_for(comments, request.GET.get("quote") if request else None, max_level) if is_member else None
    totals = thread.aggregate(last=Max("pk"), count=Count("pk", filter=Q(is_deleted=False)))
    unread = first_unread_comment(user, target, thread) if is_member else None
    shown_ids = {comment.pk for comment in comments}
    # What the topic view records as seen: only what this page showed, never other pages' news.
    target.shown_last_comment_id = max(shown_ids, default=0)
    path = request.path if request else ""
    page_path = f"{path}?page={page.number}" if page.number > 1 else path
    return {
        "request": request,
        "target": target,
        "tree": comment_tree(comments),
        "comment_count": totals["count"],
        "thread_page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "page_query": f"page={page.number}&" if page.number > 1 else "",
        "quote": quote,
        "reader_id": user.pk if is_member else "",
        "muted_ids": ",".join(str(pk) for pk in sorted(muted)),
        "first_unread_id": unread,
        "first_unread_here": unread in shown_ids,
        "last_comment_id": totals["last"] or 0,
        "last_late_id": last_late_publication_id(content_type, target.pk),
        "placeholder_urls": {
            name: reverse(f"discussions:{name}", args=[0]).replace("/0/", "/__comment_id__/")
            for name in ("react", "report_comment", "comment_node")
        },
        "blank_reactions": [{"kind": kind, "label": label, "count": 0} for kind, label in Reaction.Kind.choices],
        "max_level": max_level,
        "is_member": is_member,
        "is_open": is_open,
        "form": get_form()(target) if is_member and is_open else None,
        "next_url": page_path,  # reactions and reports come back to this page
        "post_next_url": path,  # a new comment goes to the page that shows it (xtd adds ?c=<id>)
        "live_path": f"/ws/discussions/{content_type.app_label}.{content_type.model}/{target.pk}/",
        "comment_max_length": settings.COMMENT_MAX_LENGTH,
        "held_comments": held_comments_of(user, content_type, target.pk) if is_member else [],
        "thread_key": f"{content_type.app_label}.{content_type.model}",
        "is_following": is_following(user, target) if is_member else False,
        "following_summary": following_summary(user, target) if is_member else "",
        # What a member's last action here answered (a report sent without JavaScript).
        "messages": get_messages(request) if request is not None else [],
    }


def _attach_reader_state(comments, user, muted) -> None:
    is_member = bool(user and user.is_authenticated)
    edit_deadline = timezone.now() - timedelta(minutes=settings.DISCUSSION_COMMENT_EDIT_MINUTES)
    for comment in comments:
        comment.is_own = is_member and comment.user_id == user.pk
        comment.is_muted = comment.user_id in muted
        comment.can_edit = comment.is_own and not comment.is_deleted and comment.submit_date > edit_deadline


def comment_node_context(comment_id: int, request, next_url: str) -> dict:
    """One published comment as the thread shows it to this reader (their reactions, Quote, Edit, Delete,
    report and reply box), for a page that received it live; 404 when the reader may not see it."""
    found = reportable_comment(comment_id, request.user)
    content_type = ContentType.objects.get_for_id(found.content_type_id)
    comment = visible_comments(content_type, found.object_pk).get(pk=found.pk)
    target = content_type.get_object_for_this_type(pk=int(found.object_pk))
    user = request.user
    is_member = user.is_authenticated
    attach_reactions([comment], user)
    attach_html([comment])
    _attach_reader_state([comment], user, network.muted_by(user))
    is_open = is_open_for_replies(target)
    page_number = _int_param(parse_qs(urlsplit(next_url).query).get("page", [None])[0])
    return {
        "request": request,
        "node": {"comment": comment, "children": []},
        "page_query": f"page={page_number}&" if page_number and page_number > 1 else "",
        "max_level": max_thread_level_for_content_type(content_type),
        "is_member": is_member,
        "form": get_form()(target) if is_member and is_open else None,
        "next_url": next_url or thread_path(target),
        "post_next_url": urlsplit(next_url).path or thread_path(target),
    }


def held_comments_of(user, content_type: ContentType, object_id) -> list:
    """The reader's own comments in a thread that wait for a moderator."""
    return list(
        XtdComment.objects.filter(
            content_type=content_type, object_pk=str(object_id), user=user, is_public=False, is_removed=False
        ).order_by("pk")
    )


def reportable_comment(comment_id: int, user=None) -> XtdComment:
    """A published comment in a thread the member may read, which they may report or react to, or 404."""
    comment = get_object_or_404(XtdComment, pk=comment_id, is_public=True, is_removed=False)
    content_type = ContentType.objects.get_for_id(comment.content_type_id)
    key = f"{content_type.app_label}.{content_type.model}"
    if not comment.object_pk.isdigit() or readable_thread(key, int(comment.object_pk), user) is None:
        raise Http404("No such comment.")
    return comment


def _late_publications(content_type: ContentType, object_id):
    return LatePublication.objects.filter(content_type=content_type, object_pk=str(object_id))


def last_late_publication_id(content_type: ContentType, object_id) -> int:
    """The newest late-publication sequence of a thread (0 when none): the reader's second catch-up cursor."""
    return _late_publications(content_type, object_id).aggregate(last=Max("pk"))["last"] or 0


def comments_since(content_type: ContentType, object_id, since_id: int, since_late: int = 0):
    """What a reconnecting reader missed, oldest first: comments newer than `since_id`, and those a moderator
    published after the reader's `since_late` whatever their id; each with `late_seq`, its latest such sequence."""
    late = _late_publications(content_type, object_id).filter(is_removal=False)
    newer_late = late.filter(pk__gt=since_late).values("comment_id")
    return list(
        visible_comments(content_type, object_id)
        .filter(Q(pk__gt=since_id) | Q(pk__in=newer_late))
        .annotate(late_seq=Subquery(late.filter(comment_id=OuterRef("pk")).order_by("-pk").values("pk")[:1]))
        .order_by("pk")[:CATCH_UP_LIMIT]
    )


def removals_since(content_type: ContentType, object_id, since_late: int) -> list[tuple[int, int]]:
    """(comment id, sequence) of the comments a moderator took out of the thread after the reader's
    `since_late` and that are still out, oldest first: what a reader who was away must take off the page."""
    rows = (
        _late_publications(content_type, object_id)
        .filter(is_removal=True, pk__gt=since_late)
        .exclude(comment__in=visible_comments(content_type, object_id).values("pk"))
        .values_list("comment_id", "pk")
        .order_by("pk")
    )
    latest = {comment_id: seq for comment_id, seq in rows[:CATCH_UP_LIMIT]}
    return sorted(latest.items(), key=lambda item: item[1])


def removal_event(comment_id: int, late: int | None = None) -> dict:
    """The live-protocol payload for a comment that left its thread."""
    event = {"kind": "removed", "id": comment_id}
    if late:
        event["late"] = late
    return event


def thread_page_numbers(content_type: ContentType, object_id) -> dict[int, int]:
    """The thread page of each conversation (top-level comment id to page), for a batch of live events."""
    roots = thread_roots(content_type, object_id)
    return {thread_id: index // settings.DISCUSSION_THREADS_PER_PAGE + 1 for index, thread_id in enumerate(roots)}


def comment_event(comment, late: int | None = None, pages: dict | None = None) -> dict:
    """The live-protocol payload for one comment: ids, level, its sanitised HTML (the same for every reader:
    each page adds its own reader's controls), and `late` when a moderator published it after posting."""
    if not hasattr(comment, "html"):
        attach_html([comment])
    html = render_to_string("discussions/includes/comment_node.html", {"node": {"comment": comment, "children": []}})
    event = {
        "kind": "comment",
        "id": comment.pk,
        "parent_id": comment.parent_id if comment.parent_id != comment.pk else None,
        "level": comment.level,
        "author_id": comment.user_id,
        "html": html,
        # The thread page that shows it: a reader on another page is told where, not shown it.
        "page": pages.get(comment.thread_id, 1) if pages is not None else page_of_comment(comment),
    }
    late = late or getattr(comment, "late_seq", None)
    if late:
        event["late"] = late
    return event


def reaction_counts(comment) -> dict:
    """How many members chose each reaction on one comment, every kind present."""
    counts = dict(
        Reaction.objects.filter(comment=comment).values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {kind: counts.get(kind, 0) for kind in Reaction.Kind.values}


def discussable_object(thread_key_value: str, object_id, user=None):
    """The object whose thread a reader may follow, from its `app_label.model` key and id, or 404."""
    try:
        content_type = readable_thread(thread_key_value, int(object_id), user)
    except (TypeError, ValueError):
        content_type = None
    if content_type is None:
        raise Http404("No such discussion.")
    return content_type.get_object_for_this_type(pk=int(object_id))


def followed_threads(user) -> list:
    """The threads the member follows (not those they stopped following), with each one's object, newest first."""
    subscriptions = list(
        Subscription.objects.filter(user=user)
        .exclude(frequency=Frequency.NONE)
        .select_related("content_type")
        .order_by("-created_at")
    )
    for subscription in subscriptions:
        model = subscription.content_type.model_class()
        subscription.target = model._default_manager.filter(pk=subscription.object_id).first() if model else None
    hidden = set(access.hidden_forum_ids(user))  # a private group's topic, once the member left it
    return [
        subscription
        for subscription in subscriptions
        if subscription.target is not None and getattr(subscription.target, "forum_id", None) not in hidden
    ]


def attach_reactions(comments, user) -> None:
    """Give each comment `reaction_summary`: per kind its label, count and whether this reader chose it."""
    ids = [comment.pk for comment in comments]
    counts = defaultdict(dict)
    for row in Reaction.objects.filter(comment_id__in=ids).values("comment_id", "kind").annotate(count=Count("pk")):
        counts[row["comment_id"]][row["kind"]] = row["count"]
    mine = defaultdict(set)
    if user is not None and user.is_authenticated:
        own = Reaction.objects.filter(comment_id__in=ids, user=user).values_list("comment_id", "kind")
        for comment_id, kind in own:
            mine[comment_id].add(kind)
    for comment in comments:
        comment.is_own = bool(user is not None and user.is_authenticated and comment.user_id == user.pk)
        comment.reaction_summary = [
            {
                "kind": kind,
                "label": label,
                "count": counts[comment.pk].get(kind, 0),
                "is_mine": kind in mine[comment.pk],
            }
            for kind, label in Reaction.Kind.choices
        ]


def topic_titles(ids) -> dict[int, tuple[str, str]]:
    """Topics' titles and addresses by id (for the insight report)."""
    return {
        topic.pk: (topic.title, topic.get_absolute_url())
        for topic in Topic.objects.select_related("forum").filter(pk__in=ids)
    }


def comments_per_week(start, end) -> dict:
    """Published comments (topics' replies and case study discussions), counted per week."""
    from portal.insight.selectors import weekly_counts

    return weekly_counts(XtdComment.objects.filter(is_public=True, is_removed=False), "submit_date", start, end)


# Mentions, editing, quoting, unread markers ------------------------------------------------------------

MENTIONS_NOTIFIED = 10  # at most this many members hear of one comment's mentions


def attach_html(comments) -> None:
    """Give each comment `html`: its sanitised text with mentions of known members linked (one query for all),
    or nothing when its author deleted it; fills `edited_at` and `is_deleted` when the query did not."""
    handles = set()
    for comment in comments:
        if not hasattr(comment, "is_deleted"):
            revisions = CommentRevision.objects.filter(comment=comment)
            comment.is_deleted = revisions.filter(is_deletion=True).exists()
            comment.edited_at = (
                revisions.filter(is_deletion=False).order_by("-created_at").values_list("created_at", flat=True).first()
            )
        comment.handles = [] if comment.is_deleted else handles_in(comment.comment)
        handles.update(comment.handles)
    urls = {handle: profile.get_absolute_url() for handle, profile in network.profiles_by_handles(handles).items()}
    for comment in comments:
        comment.html = "" if comment.is_deleted else render_comment(comment.comment, urls)


def mentioned_members(comment) -> tuple[list, int]:
    """The members a comment mentions who may hear of it (active, not its author, no block either way), at most
    MENTIONS_NOTIFIED in order of mention; and how many it mentions in all."""
    if comment.user_id is None:
        return [], 0
    profiles = network.profiles_by_handles(handles_in(comment.comment))
    blocked = network.blocked_either_way(comment.user_id)
    users = [
        profile.user
        for handle, profile in sorted(profiles.items(), key=lambda item: comment.comment.lower().find("@" + item[0]))
        if profile.user_id != comment.user_id and profile.user_id not in blocked and profile.user.is_active
    ]
    return users[:MENTIONS_NOTIFIED], len(users)


def mention_count(text: str, author) -> int:
    """How many members a text would mention (for telling its author when not all of them hear of it)."""
    profiles = network.profiles_by_handles(handles_in(text))
    return sum(1 for profile in profiles.values() if profile.user_id != author.pk)


def own_comment(comment_id: int, user) -> XtdComment:
    """A published comment of this member's, with its edit and deletion state, or 404."""
    comment = get_object_or_404(
        XtdComment.objects.select_related("content_type"), pk=comment_id, user=user, is_public=True, is_removed=False
    )
    attach_html([comment])
    return comment


def comment_edit_deadline(comment):
    """Until when a comment's author may edit it."""
    return comment.submit_date + timedelta(minutes=settings.DISCUSSION_COMMENT_EDIT_MINUTES)


def comment_edit_refusal(comment, user) -> str:
    """Why this member may not edit the comment now, in words for them; empty when they may."""
    if user is None or not user.is_authenticated or comment.user_id != user.pk:
        return "Only the member who wrote a comment can edit it."
    if getattr(comment, "is_deleted", False):
        return "This comment was deleted: it can no longer be edited."
    if timezone.now() >= comment_edit_deadline(comment):
        minutes = settings.DISCUSSION_COMMENT_EDIT_MINUTES
        return f"A comment can be edited for {minutes} minutes after it is posted, and that time has passed."
    return ""


def comment_revisions(comment_id: int) -> tuple[XtdComment, list]:
    """A comment and its earlier texts, oldest first (for moderators), or 404."""
    comment = get_object_or_404(XtdComment, pk=comment_id)
    return comment, list(CommentRevision.objects.filter(comment=comment).order_by("created_at", "pk"))


def quote_for(comments, comment_id, max_level: int) -> dict | None:
    """The reply a "quote" link asks for: which comment's reply box it fills (0: the new comment form, when
    replies cannot nest deeper) and the quoted text with attribution and a link; None for no such comment."""
    try:
        comment_id = int(comment_id)
    except (TypeError, ValueError):
        return None
    quoted = next((c for c in comments if c.pk == comment_id and not c.is_deleted), None)
    if quoted is None:
        return None
    lines = "\n".join(f"> {line}" if line else ">" for line in quoted.comment.splitlines())
    text = f"> **{quoted.name}** [wrote]({comment_path(quoted.content_object, quoted)}):\n>\n{lines}\n\n"
    return {"reply_to": quoted.pk if quoted.level < max_level else 0, "text": text}


def topic_last_seen(user, topic) -> int | None:
    """The newest comment id the member had seen in a topic at their last visit; None before the first."""
    if user is None or not user.is_authenticated:
        return None
    visits = TopicVisit.objects.filter(user=user, topic=topic)
    return visits.values_list("last_seen_comment_id", flat=True).first()


def first_unread_comment(user, target, thread) -> int | None:
    """The id of the first comment this member has not seen in a topic, from the whole thread (None when there is none,
    on a first visit, or not a topic)."""
    last_seen = getattr(target, "last_seen_comment_id", None)
    if not isinstance(target, Topic) or last_seen is None:
        return None
    return thread.filter(pk__gt=last_seen).exclude(user=user).order_by("pk").values_list("pk", flat=True).first()


def last_comment_id(target) -> int:
    """The newest published comment id of a thread (0 when none)."""
    content_type = ContentType.objects.get_for_model(target)
    return visible_comments(content_type, target.pk).aggregate(last=Max("pk"))["last"] or 0


# Notifications about discussions that their member can no longer see --------------------------------------


def _key_id(key: str, prefix: str) -> int | None:
    tail = key[len(prefix) :] if key.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else None


def hidden_notices(notifications) -> set[int]:
    """Ids of the discussion notifications whose comment is gone (removed, held, deleted by its author), whose
    topic is gone or in a forum the member may no longer read (a group they left, or that went private), or
    whose case study is no longer published. A fixed number of queries for any list, plus one per member
    with notices in a private forum."""
    notifications = list(notifications)
    comment_of = {n.pk: _key_id(n.dedupe_key, f"{COMMENT_KIND}:") for n in notifications}
    topic_of = {n.pk: _key_id(n.dedupe_key, "discussions.topic:") for n in notifications}
    live_comments = {
        row["pk"]: row
        for row in XtdComment.objects.filter(pk__in={pk for pk in comment_of.values() if pk}, is_public=True)
        .filter(is_removed=False)
        .exclude(Exists(CommentRevision.objects.filter(comment=OuterRef("pk"), is_deletion=True)))
        .values("pk", "content_type_id", "object_pk")
    }
    topic_type = ContentType.objects.get_for_model(Topic).pk
    for pk, comment_id in comment_of.items():
        row = live_comments.get(comment_id)
        if row is not None and row["content_type_id"] == topic_type and row["object_pk"].isdigit():
            topic_of[pk] = int(row["object_pk"])
    pages = {int(row["object_pk"]) for row in live_comments.values() if row["content_type_id"] != topic_type}
    live_pages = set(Page.objects.filter(pk__in=pages, live=True).values_list("pk", flat=True)) if pages else set()
    forum_of = dict(Topic.objects.filter(pk__in={pk for pk in topic_of.values() if pk}).values_list("pk", "forum_id"))
    private = set(access.private_forum_ids())
    hidden_by_member: dict[int, set[int]] = {}
    hidden = set()
    for notification in notifications:
        comment_id, topic_id = comment_of[notification.pk], topic_of[notification.pk]
        if comment_id is not None:
            row = live_comments.get(comment_id)
            if row is None or (row["content_type_id"] != topic_type and int(row["object_pk"]) not in live_pages):
                hidden.add(notification.pk)
                continue
        if topic_id is None:
            continue
        forum_id = forum_of.get(topic_id)
        if forum_id is None:
            hidden.add(notification.pk)
        elif forum_id in private:
            member = notification.recipient_id
            if member not in hidden_by_member:
                hidden_by_member[member] = set(access.hidden_forum_ids(notification.recipient))
            if forum_id in hidden_by_member[member]:
                hidden.add(notification.pk)
    return hidden
