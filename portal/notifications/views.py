"""A member's notification settings, and the one-click unsubscribe every notification email links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from portal.notifications import services
from portal.notifications.forms import NotificationSettingsForm


@login_required
def notification_settings(request):
    """How the member hears of each kind of notification: in the site, by email at once, in a digest, or not."""
    form = NotificationSettingsForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your notification settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # the signed token is the credential: mail clients' one-click unsubscribe posts without a session
def unsubscribe(request, token):
    """One-click unsubscribe from an email: a POST applies it (RFC 8058); a GET asks with one button."""
    if request.method == "POST":
        labels = services.unsubscribe(token=token)
        if labels is None:
            return render(request, "notifications/unsubscribe.html", {"is_invalid": True}, status=400)
        return render(request, "notifications/unsubscribe.html", {"is_done": True, "labels": labels})
    return render(request, "notifications/unsubscribe.html", {"token": token})
