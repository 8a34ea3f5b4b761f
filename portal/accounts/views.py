"""Account pages: the overview, signed-in sessions, sign-in alerts, your data, deleting your account."""

from contextlib import suppress

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts import selectors, services
from portal.accounts.forms import DeleteAccountForm, SignInAlertsForm


@login_required
@require_GET
def overview(request):
    context = {
        "has_second_factor": selectors.has_second_factor(request.user),
        "needs_second_factor": selectors.needs_second_factor_for_admin(request.user),
        "alerts_form": SignInAlertsForm(initial={"email_on_new_browser": selectors.sign_in_alerts_on(request.user)}),
    }
    return render(request, "accounts/overview.html", context)


@login_required
@require_POST
def sign_in_alerts(request):
    form = SignInAlertsForm(request.POST)
    form.is_valid()  # a missing box means "off"; nothing else can be wrong
    on = form.cleaned_data.get("email_on_new_browser", False)
    services.set_sign_in_alerts(user=request.user, email_on_new_browser=on)
    messages.success(request, "Sign-in emails are on." if on else "Sign-in emails are off.")
    return redirect("accounts:overview")


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    if request.method == "POST":
        ended = services.end_other_sessions(user=request.user, current_session_key=request.session.session_key)
        messages.success(request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}.")
        return redirect("accounts:sessions")
    return render(request, "accounts/sessions.html", {"sessions": selectors.signed_in_sessions(request)})


@login_required
@require_POST
def end_session(request, session_id):
    current = selectors.signed_in_sessions(request)
    is_current = any(row.id == session_id and row.is_current for row in current)
    if not services.end_session(user=request.user, session_id=session_id):
        messages.info(request, "That session had ended already.")
        return redirect("accounts:sessions")
    if is_current:
        logout(request)
        return redirect("account_login")
    messages.success(request, "Signed out of that session.")
    return redirect("accounts:sessions")


@login_required
@require_GET
@reauthentication_required
def your_data(request):
    return render(request, "accounts/your_data.html")


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required
def request_data_export(request):
    if request.method == "GET":
        # Where allauth's password check sends a member back to: the page with the button.
        return redirect("accounts:your_data")
    export = services.request_data_export(user=request.user)
    return redirect("accounts:data_export", token=export.token)


@login_required
@require_GET
def data_export(request, token):
    export = selectors.open_data_export(token=token, user=request.user)
    if export is None:
        # Someone else's link, or an expired one: nothing says which, or whose.
        raise Http404("This download link is not yours, or it has expired.")
    if request.GET.get("download") != "1":
        return render(request, "accounts/data_export.html", {"export": export})
    archive = services.member_data_archive(user=request.user)
    services.mark_export_downloaded(export=export)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-portal-data.zip"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_id = request.user.pk
        logout(request)
        # AccountGone: deleted by a request a moment ago, which is the outcome the member asked for.
        with suppress(services.AccountGone):
            services.delete_account(user_id=user_id, keep_comment_text=form.cleaned_data["keep_comment_text"])
        return redirect("accounts:deleted")
    return render(request, "accounts/delete_account.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def deleted(request):
    return render(request, "accounts/deleted.html")


@require_GET
def admin_sign_in(request):
    """Wagtail's and Django's admin sign-in pages: both send people to allauth's sign-in instead."""
    target = request.GET.get("next") or reverse("wagtailadmin_home")
    return redirect(reverse("account_login") + "?" + urlencode({"next": target}))
