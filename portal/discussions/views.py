"""Forum and topic pages, starting a topic, and the members-only gate in front of xtd's post view."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment as xtd_post_comment

from portal.discussions import moderation, notifications, selectors, services
from portal.discussions.forms import NotificationSettingsForm, TopicForm
from portal.discussions.models import Reaction


def forum_list(request):
    return render(request, "discussions/forum_list.html", {"forums": selectors.forums_with_activity()})


def forum_detail(request, forum_slug):
    forum = selectors.forum_by_slug(forum_slug)
    topics = selectors.forum_topics(forum, request.GET.get("page"))
    return render(request, "discussions/forum_detail.html", {"forum": forum, "topics": topics})


@login_required
def topic_create(request, forum_slug):
    forum = selectors.forum_by_slug(forum_slug)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic = services.start_topic(forum=forum, author=request.user, **form.cleaned_data)
        return redirect(topic)
    return render(request, "discussions/topic_form.html", {"forum": forum, "form": form})


def topic_detail(request, forum_slug, topic_slug):
    topic = selectors.topic_by_slugs(forum_slug, topic_slug)
    return render(request, "discussions/topic_detail.html", {"forum": topic.forum, "topic": topic})


def _refusal(request, message: str, status: int) -> HttpResponse:
    html = render_to_string("discussions/comment_refused.html", {"message": message}, request=request)
    return HttpResponse(html, status=status)


@require_POST
def post_comment(request):
    """Members only and rate-limited; then xtd's own post view validates, saves and redirects."""
    if not request.user.is_authenticated:
        return _refusal(request, "You need to be a member to add comments.", 403)
    if not services.take_comment_allowance(request.user):
        return _refusal(request, "You are posting very quickly: wait a minute, then post again.", 429)
    data = request.POST.copy()
    profile = getattr(request.user, "profile", None)
    data["name"] = getattr(profile, "display_name", "") or request.user.get_username()
    data["email"] = request.user.email
    # Followers hear through the portal's own notifications; xtd's follow-up emails stay off.
    data.pop("followup", None)
    request.POST = data
    return xtd_post_comment(request)


@login_required
@require_POST
def report_comment(request, comment_id):
    """A member reports a comment to the moderators; enough reports hold it."""
    comment = selectors.reportable_comment(comment_id)
    is_new_report = moderation.flag_comment(comment, request.user)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "discussions/comment_reported.html", {"is_new_report": is_new_report, "next_url": next_url})


@login_required
@require_POST
def follow_thread(request):
    """Follow or stop following the thread on one object, then go back to it."""
    target = selectors.discussable_object(request.POST.get("thread", ""), request.POST.get("object_id", ""))
    if request.POST.get("action") == "unfollow":
        notifications.unfollow(request.user, target)
    else:
        notifications.follow(request.user, target)
    return redirect(notifications.thread_url(target).removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")))


@login_required
def notification_settings(request):
    """A member's default for discussion emails, and each followed thread's own choice."""
    form = NotificationSettingsForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("discussions:notification_settings")
    return render(request, "discussions/notification_settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential: mail clients' one-click unsubscribe posts without a session
def unsubscribe(request, token):
    """One-click unsubscribe from an email: a POST applies it (RFC 8058); a GET asks with one button."""
    if request.method == "POST":
        result = notifications.unsubscribe(token)
        if result is None:
            return render(request, "discussions/unsubscribe.html", {"is_invalid": True}, status=400)
        return render(request, "discussions/unsubscribe.html", {"is_done": True, "result": result})
    return render(request, "discussions/unsubscribe.html", {"token": token})


@login_required
@require_POST
def react_to_comment(request, comment_id):
    """A member likes or agrees with a comment (or takes it back), then returns to it."""
    comment = selectors.reportable_comment(comment_id)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return HttpResponseBadRequest("Choose a reaction: like or agree.")
    services.toggle_reaction(comment=comment, user=request.user, kind=kind)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
