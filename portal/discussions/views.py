"""Forum and topic pages, starting a topic, and the members-only gate in front of xtd's post view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment as xtd_post_comment

from portal.discussions import access, selectors, services
from portal.discussions.forms import CommentEditForm, TopicForm, TopicSortForm
from portal.discussions.models import Reaction
from portal.insight.counting import count_view
from portal.moderation import views as moderation_views
from portal.network import selectors as network
from portal.page_cache import cache_for_visitors


@cache_for_visitors
def forum_list(request):
    forums = selectors.forums_with_activity(request.user)
    return render(request, "discussions/forum_list.html", {"forums": forums})


@cache_for_visitors
def forum_detail(request, forum_slug):
    forum = selectors.forum_by_slug(forum_slug, request.user)
    sort_form = TopicSortForm(request.GET)
    sort = sort_form.sort_key()
    topics = selectors.forum_topics(forum, request.GET.get("page"), sort=sort, user=request.user)
    context = {"forum": forum, "topics": topics, "sort_form": sort_form, "sort": sort}
    return render(request, "discussions/forum_detail.html", context)


@login_required
def topic_create(request, forum_slug):
    forum = selectors.forum_by_slug(forum_slug, request.user)
    if not access.may_start_topics(forum.pk, request.user):
        message = "Only the group's members can start discussions here. Join the group first."
        return _refusal(request, message, 403, heading="Join the group to start a discussion")
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = services.start_topic(forum=forum, author=request.user, **form.cleaned_data)
        return redirect(topic)
    return render(request, "discussions/topic_form.html", {"forum": forum, "form": form})


def topic_detail(request, forum_slug, topic_slug):
    topic = selectors.topic_by_slugs(forum_slug, topic_slug, request.user)
    context = {"forum": topic.forum, "topic": topic, "can_edit": selectors.can_edit_topic(topic, request.user)}
    count_view(request, kind="topic", object_id=topic.pk)
    if context["can_edit"]:
        context["edit_deadline"] = selectors.topic_edit_deadline(topic)
    topic.last_seen_comment_id = selectors.topic_last_seen(request.user, topic)
    response = render(request, "discussions/topic_detail.html", context)
    if request.user.is_authenticated:
        # Only a visit that saw something new is written; re-reading a topic writes nothing.
        # Only what this page showed counts as seen: news on other pages of a long topic stays new.
        last_id = getattr(topic, "shown_last_comment_id", 0)
        if topic.last_seen_comment_id is None or last_id > topic.last_seen_comment_id:
            services.record_topic_visit(user=request.user, topic=topic, last_comment_id=last_id)
    return response


@login_required
def topic_edit(request, forum_slug, topic_slug):
    """The author edits their topic within the edit window; anyone else, or later, is told why not."""
    topic = selectors.topic_by_slugs(forum_slug, topic_slug, request.user)
    if not selectors.can_edit_topic(topic, request.user):
        message = selectors.topic_edit_refusal(topic, request.user)
        return _refusal(request, message, 403, heading="You cannot edit this topic", back_url=topic.get_absolute_url())
    initial = {"title": topic.title, "body": topic.body, "case_study": topic.case_study, "principle": topic.principle}
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_topic(topic=topic, editor=request.user, **form.cleaned_data)
        except services.TopicEditRefused as refusal:  # the window closed while they were typing
            form.add_error(None, str(refusal))
        else:
            return redirect(topic)
    deadline = selectors.topic_edit_deadline(topic)
    context = {"forum": topic.forum, "form": form, "topic": topic, "edit_deadline": deadline}
    return render(request, "discussions/topic_form.html", context)


def _refusal(request, message: str, status: int, **context) -> HttpResponse:
    context = {"message": message, **context}
    html = render_to_string("discussions/comment_refused.html", context, request=request)
    return HttpResponse(html, status=status)


@require_POST
def post_comment(request):
    """Members only and rate-limited; then xtd's own post view validates, saves and redirects."""
    if not request.user.is_authenticated:
        return _refusal(request, "You need to be a member to add comments.", 403)
    object_pk = request.POST.get("object_pk", "")
    if (
        not object_pk.isdigit()
        or selectors.readable_thread(request.POST.get("content_type", ""), int(object_pk), request.user) is None
    ):
        return _refusal(request, "There is no such discussion, or you cannot take part in it.", 404)
    if not services.has_comment_allowance(request.user):
        return _refusal(request, "You are posting very quickly: wait a minute, then post again.", 429)
    data = request.POST.copy()
    profile = getattr(request.user, "profile", None)
    data["name"] = getattr(profile, "display_name", "") or request.user.get_full_name() or "A member"
    data["email"] = request.user.email
    # Followers hear through the portal's own notifications; xtd's follow-up emails stay off.
    data.pop("followup", None)
    request.POST = data
    response = xtd_post_comment(request)
    if response.status_code == 302:  # saved (published or held); a refused post shows its errors instead
        services.count_comment(request.user)
        _tell_about_mentions(request, data.get("comment", ""))
    return response


def _tell_about_mentions(request, text: str) -> None:
    mentioned = selectors.mention_count(text, request.user)
    if mentioned > selectors.MENTIONS_NOTIFIED:
        messages.warning(
            request,
            f"You mentioned {mentioned} members; only the first {selectors.MENTIONS_NOTIFIED} are notified.",
        )


@login_required
def comment_edit(request, comment_id):
    """The author edits their comment within the edit window, through the same rules as posting."""
    comment = selectors.own_comment(comment_id, request.user)
    back_url = selectors.comment_path(comment.content_object, comment)
    refusal = selectors.comment_edit_refusal(comment, request.user)
    if refusal:
        return _refusal(request, refusal, 403, heading="You cannot edit this comment", back_url=back_url)
    form = CommentEditForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        if not services.has_comment_allowance(request.user):
            return _refusal(request, "You are posting very quickly: wait a minute, then save again.", 429)
        try:
            edited = services.edit_comment(comment=comment, editor=request.user, text=form.cleaned_data["comment"])
        except services.CommentChangeRefused as refusal:  # the window closed while they were typing
            form.add_error(None, str(refusal))
        else:
            services.count_comment(request.user)
            _tell_about_mentions(request, form.cleaned_data["comment"])
            if not edited.is_public:
                messages.info(request, "Your comment will appear again once a moderator has looked at its links.")
            else:
                messages.success(request, "Your comment is saved.")
            return redirect(back_url)
    context = {
        "form": form,
        "comment": comment,
        "back_url": back_url,
        "deadline": selectors.comment_edit_deadline(comment),
    }
    return render(request, "discussions/comment_edit.html", context)


@login_required
def comment_delete(request, comment_id):
    """The author deletes their comment (asked first); a placeholder keeps the replies in place."""
    comment = selectors.own_comment(comment_id, request.user)
    back_url = selectors.comment_path(comment.content_object, comment)
    if request.method == "POST":
        services.delete_comment(comment=comment, user=request.user)
        messages.success(request, "Your comment is deleted.")
        return redirect(back_url)
    return render(request, "discussions/comment_delete.html", {"comment": comment, "back_url": back_url})


def comment_node(request, comment_id):
    """One comment rendered for this reader (GET, no cache): a live page swaps it in for what the socket sent,
    so a comment that arrives live has the same Quote, Edit, Delete, react and report controls."""
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        next_url = ""
    context = selectors.comment_node_context(comment_id, request, next_url)
    response = render(request, "discussions/includes/comment_node.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def comment_history(request, comment_id):
    """Moderators read a comment's earlier texts (its author's edits and deletion)."""
    if not request.user.has_perm("django_comments.can_moderate"):
        raise PermissionDenied("Only moderators can read a comment's history.")
    comment, revisions = selectors.comment_revisions(comment_id)
    return render(request, "discussions/comment_history.html", {"comment": comment, "revisions": revisions})


def members_to_mention(request):
    """Members whose name starts with what follows "@", for the comment box's suggestions (members only)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to mention members."}, status=403)
    query = request.GET.get("q", "")[:60]
    return JsonResponse({"members": network.members_to_mention(query, request.user)})


def report_comment(request, comment_id):
    """A member reports a comment with a reason, through the review queue's report view."""
    from portal.discussions.moderation import COMMENT_QUEUE_KIND

    selectors.reportable_comment(comment_id, request.user)  # a thread the reporter may not read: 404
    return moderation_views.report(request, kind=COMMENT_QUEUE_KIND, object_id=comment_id)


@login_required
@require_POST
def follow_thread(request):
    """Follow or stop following the thread on one object, then go back to it."""
    target = selectors.discussable_object(
        request.POST.get("thread", ""), request.POST.get("object_id", ""), request.user
    )
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, target=target)
    else:
        services.follow(user=request.user, target=target)
    return redirect(selectors.thread_path(target))


def notification_settings(request):
    """The old address of the discussion emails page: they live on the one notification settings page now."""
    return redirect(reverse("notifications:settings") + "#followed-discussions")


@login_required
@require_POST
def react_to_comment(request, comment_id):
    """A member likes or agrees with a comment (or takes it back), then returns to it."""
    comment = selectors.reportable_comment(comment_id, request.user)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return HttpResponseBadRequest("Choose a reaction: like or agree.")
    if comment.user_id == request.user.pk:
        return _refusal(request, "You cannot react to your own comment.", 403, heading="Reaction not saved")
    services.toggle_reaction(comment=comment, user=request.user, kind=kind)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
