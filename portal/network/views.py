"""Pages of the network: directory, profiles, organisations, following, the graph."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.insight.counting import count_view
from portal.network import selectors, services
from portal.network.forms import ContactForm, DirectoryFilterForm, GraphFilterForm, ProfileForm
from portal.network.graph import graph_as_list, graph_counts, graph_filter_options, network_graph
from portal.page_cache import cache_for_visitors, deferred


@cache_for_visitors
@require_GET
def directory(request):
    filters = DirectoryFilterForm(request.GET).filters()
    listing = functools.partial(
        selectors.directory_context, filters=filters, page_number=request.GET.get("page"), viewer=request.user
    )
    # Read only when the template renders a part its fragment cache does not hold.
    context = {
        "filters": filters,
        **deferred(listing, ("options", "page_obj", "practitioners")),
        "suggestions": SimpleLazyObject(lambda: selectors.suggestions_for(request.user)),
    }
    return render(request, "network/directory.html", context)


@cache_for_visitors
@require_GET
def profile_detail(request, slug):
    context = selectors.profile_page(slug, request.user, view_as=request.GET.get("view_as", ""))
    if context is None:
        raise Http404("No such practitioner.")
    if not context["is_own"]:
        count_view(request, kind="profile", object_id=context["profile"].pk)
    context.update(selectors.member_controls(context["profile"], request.user))
    return render(request, "network/profile_detail.html", context)


@require_GET
def profile_json(request, slug):
    context = selectors.profile_page(slug, request.user)
    if context is None:
        raise Http404("No such practitioner.")
    return JsonResponse(context["public"].as_json())


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = services.ensure_profile(user=request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.update_profile(profile=profile, **form.changes())
        messages.success(request, "Your profile is saved.")
        return redirect(profile.get_absolute_url())
    return render(request, "network/profile_edit.html", {"form": form, "profile": profile})


def _back_to(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def follow(request, slug):
    followed = get_object_or_404(selectors.active_profiles(), slug=slug)
    try:
        services.follow(follower=services.ensure_profile(user=request.user), followed=followed)
    except services.FollowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You now follow {followed.display_name}.")
    return _back_to(request, followed.get_absolute_url())


@login_required
@require_POST
def unfollow(request, slug):
    followed = get_object_or_404(selectors.active_profiles(), slug=slug)
    services.unfollow(follower=services.ensure_profile(user=request.user), followed=followed)
    messages.success(request, f"You no longer follow {followed.display_name}.")
    return _back_to(request, followed.get_absolute_url())


@cache_for_visitors
@require_GET
def organisation_list(request):
    return render(request, "network/organisation_list.html", {"organisations": selectors.organisations_with_counts()})


@cache_for_visitors
@require_GET
def organisation_detail(request, slug):
    context = selectors.organisation_page(slug, request.user)
    if context is None:
        raise Http404("No such organisation.")
    return render(request, "network/organisation_detail.html", context)


@require_GET
def graph_page(request):
    filters = GraphFilterForm(request.GET).filters()
    if filters.mine and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    graph = network_graph(request.user, filters, request)
    return render(
        request,
        "network/graph.html",
        {
            "filters": filters,
            "graph": graph,
            "options": graph_filter_options(),
            "graph_list": graph_as_list(graph),
            "counts": graph_counts(graph),
            "own_profile": selectors.profile_for_user(request.user),
            "query": request.GET.urlencode(),
        },
        status=404 if graph.get("missing") and filters.member else 200,
    )


@require_GET
def graph_json(request):
    filters = GraphFilterForm(request.GET).filters()
    if filters.mine and not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to see your network."}, status=401)
    graph = network_graph(request.user, filters, request)
    return JsonResponse(graph, status=404 if graph.get("missing") and filters.member else 200)


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, slug):
    """Write to a practitioner through the portal, as far as what they are open to allows."""
    profile = get_object_or_404(selectors.active_profiles(), slug=slug)
    refusal = selectors.contact_refusal(profile, request.user)
    if refusal:
        context = {"profile": profile, "refusal": refusal}
        return render(request, "network/contact.html", context, status=403)
    offers = selectors.contact_offers(profile, request.user)
    form = ContactForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_message(
                sender=request.user,
                profile=profile,
                about=form.cleaned_data.get("about", ""),
                message=form.cleaned_data["message"],
            )
        except services.ContactRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Your message is on its way to {profile.display_name}.")
            return redirect(profile.get_absolute_url())
    is_reply = not offers
    received = selectors.messages_from(profile.user, request.user) if request.user.is_authenticated else []
    context = {"profile": profile, "form": form, "is_reply": is_reply, "received": received}
    return render(request, "network/contact.html", context)


@login_required
def contact_message(request, message_id):
    """A message a member received through the portal: read it, reply, or report it (the recipient only)."""
    contact = selectors.received_message(message_id, request.user)
    sender_profile = getattr(contact.sender, "profile", None)
    return render(request, "network/contact_message.html", {"contact": contact, "sender_profile": sender_profile})


def report_contact_message(request, message_id):
    """The recipient reports a message with a reason; it goes to the review queue (anyone else: 404)."""
    from portal.moderation import views as moderation_views
    from portal.network.moderation import CONTACT_QUEUE_KIND

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    selectors.received_message(message_id, request.user)
    return moderation_views.report(request, kind=CONTACT_QUEUE_KIND, object_id=message_id)


def _relation_change(change, done: str):
    @login_required
    @require_POST
    def view(request, slug):
        other = get_object_or_404(selectors.active_profiles(), slug=slug)
        try:
            change(user=request.user, other=other.user)
        except services.FollowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done.format(name=other.display_name))
        return _back_to(request, other.get_absolute_url())

    return view


block = _relation_change(
    services.block_member, "You blocked {name}: no messages, mentions or notifications between you."
)
unblock = _relation_change(services.unblock_member, "You no longer block {name}.")
mute = _relation_change(services.mute_member, "You muted {name}: their comments fold away for you.")
unmute = _relation_change(services.unmute_member, "You no longer mute {name}.")
