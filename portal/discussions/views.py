"""Forum and topic pages, starting a topic, and the members-only gate in front of xtd's post view."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment as xtd_post_comment

from portal.discussions import access, selectors, services
from portal.discussions.forms import NotificationSettingsForm, TopicForm
from portal.discussions.models import Reaction


def forum_list(request):
    return render(request, "discussions/forum_list.html", {"forums": selectors.forums_with_activity(request.user)})


def forum_detail(request, forum_slug):
    forum = selectors.forum_by_slug(forum_slug, request.user)
    topics = selectors.forum_topics(forum, request.GET.get("page"))
    return render(request, "discussions/forum_detail.html", {"forum": forum, "topics": topics})


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
    if context["can_edit"]:
        context["edit_deadline"] = selectors.topic_edit_deadline(topic)
    return render(request, "discussions/topic_detail.html", context)


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
    data["name"] = getattr(profile, "display_name", "") or request.user.get_username()
    data["email"] = request.user.email
    # Followers hear through the portal's own notifications; xtd's follow-up emails stay off.
    data.pop("followup", None)
    request.POST = data
    response = xtd_post_comment(request)
    if response.status_code == 302:  # saved (published or held); a refused post shows its errors instead
        services.count_comment(request.user)
    return response


@login_required
@require_POST
def report_comment(request, comment_id):
    """A member reports a comment to the moderators; enough reports hold it."""
    comment = selectors.reportable_comment(comment_id, request.user)
    is_new_report = services.flag_comment(comment=comment, user=request.user)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "discussions/comment_reported.html", {"is_new_report": is_new_report, "next_url": next_url})


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


@login_required
def notification_settings(request):
    """How a member hears of new comments in followed threads, and each thread's own choice."""
    form = NotificationSettingsForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("discussions:notification_settings")
    return render(request, "discussions/notification_settings.html", {"form": form})


@login_required
@require_POST
def react_to_comment(request, comment_id):
    """A member likes or agrees with a comment (or takes it back), then returns to it."""
    comment = selectors.reportable_comment(comment_id, request.user)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return HttpResponseBadRequest("Choose a reaction: like or agree.")
    services.toggle_reaction(comment=comment, user=request.user, kind=kind)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
