"""Members' reports (any registered kind, inline under the object) and the public take-down request form."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page, Site

from portal.moderation import registry, services
from portal.moderation.forms import ReportForm, TakedownForm

REPORTED = "Thank you: a moderator will look at it. Reports from several members take it down until then."
ALREADY_REPORTED = "You had already reported this; a moderator will look at it."


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, fallback: str) -> str:
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return fallback or "/"


@login_required
@require_POST
def report(request, kind, object_id):
    """A member reports a comment, a profile, ...: a reason from the list (and a note), never their own."""
    try:
        spec = registry.get_kind(kind)
    except LookupError:
        raise Http404("Nothing of this kind can be reported.") from None
    obj = spec.reportable(object_id) if spec.reportable else None
    if obj is None:
        raise Http404("There is nothing to report here (any more).")
    form = ReportForm(request.POST)
    status, message = 200, ""
    if not form.is_valid():
        status = 400
    else:
        try:
            _, is_new = services.report(kind=kind, obj=obj, reporter=request.user, **form.cleaned_data)
        except services.ReportRefused as refusal:
            status, message = 403, str(refusal)
        else:
            message = REPORTED if is_new else ALREADY_REPORTED
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"message": message, "errors": errors}, status=status)
    if status == 200:
        messages.success(request, message)
        return redirect(_back(request, spec.link(obj)))
    context = {
        "form": form,
        "message": message,
        "spec": spec,
        "back_url": _back(request, spec.link(obj)),
        "action": request.path,
    }
    return render(request, "moderation/report_form.html", context, status=status)


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _takedown_allowance(request) -> bool:
    # Counted per IP address in the shared cache; the window starts with the first request.
    key = f"moderation:takedown:{_client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    return count <= settings.TAKEDOWN_RATE_LIMIT


def page_at(request, address: str) -> Page | None:
    """The live page at an address on this site (a full URL or a path), or None."""
    path = urlsplit(address.strip()).path
    site = Site.find_for_request(request)
    if site is None or not path:
        return None
    components = [part for part in path.split("/") if part]
    try:
        page, _, _ = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    return page


@require_http_methods(["GET", "POST"])
def takedown(request):
    """Anyone asks for something about them to be taken down; a safeguarding risk hides the page at once."""
    if request.method == "GET":
        initial = {"page_url": request.GET.get("page", "")[:500]}
        return render(request, "moderation/takedown_form.html", {"form": TakedownForm(initial=initial)})
    form = TakedownForm(request.POST)
    if not _takedown_allowance(request):
        context = {
            "form": form,
            "refusal": "You have sent several requests in the last hour: please wait, then try again.",
        }
        return render(request, "moderation/takedown_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "moderation/takedown_form.html", {"form": form}, status=400)
    if form.cleaned_data["website"]:
        form.add_error(
            None, "This form looks as if it was filled in by a program. If you are a person, please try again."
        )
        return render(request, "moderation/takedown_form.html", {"form": form}, status=400)
    data = {name: form.cleaned_data[name] for name in ("page_url", "reason", "details", "name", "email")}
    takedown_request = services.request_takedown(page=page_at(request, data["page_url"]), **data)
    return render(request, "moderation/takedown_sent.html", {"takedown": takedown_request})
