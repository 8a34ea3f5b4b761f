"""A member's notification settings, and the one-click unsubscribe every notification email links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.notifications import selectors, services
from portal.notifications.forms import NotificationSettingsForm, ReturnPageForm
from portal.notifications.kinds import settings_sections

PER_PAGE = 20


@login_required
def notification_list(request):
    """The member's notifications, newest first, a page at a time, with mark read and mark all read."""
    # Notices about things the member can no longer see are left out before paging, so pages stay full.
    page, unread = selectors.notification_page(request.user, request.GET.get("page"), per_page=PER_PAGE)
    return render(request, "notifications/list.html", {"page_obj": page, "notifications": page, "unread": unread})


@login_required
def open_notification(request, notification_id):
    """Open what a notification is about; opening it marks it read."""
    notification = selectors.notification_of(request.user, notification_id)
    if notification is None:
        raise Http404("No such notification.")
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.target_url
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")  # only paths on this site: never an open redirect
    return redirect(target)


@login_required
@require_POST
def mark_read(request, notification_id):
    """Mark one of the member's notifications read."""
    if selectors.notification_of(request.user, notification_id) is None:
        raise Http404("No such notification.")
    services.mark_read(user=request.user, notification_ids=[notification_id])
    messages.success(request, "Marked as read.")
    return redirect(ReturnPageForm(request.POST).return_url())


@login_required
@require_POST
def mark_all_read(request):
    """Mark all of the member's notifications read."""
    count = services.mark_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect(ReturnPageForm(request.POST).return_url())


@login_required
def notification_settings(request):
    """How the member hears of each kind of notification: in the site, by email at once, in a digest, or not."""
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(request.user, data)
    # Other apps' parts of the page (followed discussions): one page, one save, one confirmation.
    sections = [(section, section.form(request.user, data)) for section in settings_sections()]
    if data is not None and form.is_valid() and all(part.is_valid() for _, part in sections):
        form.save()
        for _, part in sections:
            part.save()
        messages.success(request, "Your notification settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "sections": sections})


@csrf_exempt  # the signed token is the credential: mail clients' one-click unsubscribe posts without a session
def unsubscribe(request, token):
    """One-click unsubscribe from an email: a POST applies it (RFC 8058); a GET asks with one button."""
    if request.method == "POST":
        labels = services.unsubscribe(token=token)
        if labels is None:
            return render(request, "notifications/unsubscribe.html", {"is_invalid": True}, status=400)
        return render(request, "notifications/unsubscribe.html", {"is_done": True, "labels": labels})
    return render(request, "notifications/unsubscribe.html", {"token": token})
