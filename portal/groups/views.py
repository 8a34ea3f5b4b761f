"""Pages of groups: the listing, a group's page, joining and leaving, organisers' members page and notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.groups import selectors, services
from portal.groups.forms import GroupFilterForm, InviteForm, NoticeForm, ProposalForm, RoleForm
from portal.page_cache import cache_for_visitors


def _group_or_404(slug, user):
    group = selectors.group_for(slug, user)
    if group is None:
        raise Http404("No such group.")
    return group


def _organised_or_403(slug, user):
    group = _group_or_404(slug, user)
    if not selectors.is_organiser(group, user):
        raise PermissionDenied("Only the group's organisers can manage its members.")
    return group


@cache_for_visitors
@require_GET
def group_list(request):
    form = GroupFilterForm(request.GET)
    filters = form.filters()
    context = {
        "groups": selectors.groups_for(filters, request.user),
        "filters": filters,
        "options": selectors.filter_options(),
        "invitations": selectors.invitations_for(request.user),
    }
    return render(request, "groups/group_list.html", context)


@cache_for_visitors
@require_GET
def group_detail(request, slug):
    group = _group_or_404(slug, request.user)
    return render(request, "groups/group_detail.html", selectors.group_page(group, request.user))


@login_required
@require_POST
def join(request, slug):
    """Join an open group, accept an invitation, or ask to join a by-request group."""
    group = _group_or_404(slug, request.user)
    try:
        membership = services.request_to_join(group=group, user=request.user)
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if membership.state == "active":
            messages.success(request, f"You are a member of {group.name}.")
        else:
            messages.success(request, "Your request is sent. The organisers will let you know.")
    return redirect(group)


@login_required
@require_POST
def leave(request, slug):
    group = _group_or_404(slug, request.user)
    try:
        services.leave_group(group=group, user=request.user)
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"You are no longer in {group.name}.")
    target = selectors.group_for(slug, request.user)
    return redirect(target or "groups:list")


@login_required
@require_POST
def decline_invitation(request, slug):
    group = _group_or_404(slug, request.user)
    services.decline_invitation(group=group, user=request.user)
    messages.success(request, f"You declined the invitation to {group.name}.")
    return redirect("groups:list")


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_group(proposer=request.user, **form.cleaned_data)
        except services.GroupActionRefused as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(request, "Thank you: an editor will look at your proposal and let you know.")
            return redirect("groups:list")
    return render(request, "groups/propose.html", {"form": form})


@login_required
@require_GET
def manage_members(request, slug):
    group = _organised_or_403(slug, request.user)
    context = {
        "group": group,
        "roster": selectors.roster_of(group, request.user),
        **selectors.pending_of(group, request.user),
        "invite_form": InviteForm(),
    }
    return render(request, "groups/manage_members.html", context)


@login_required
@require_POST
def invite(request, slug):
    group = _group_or_404(slug, request.user)
    if not selectors.is_member(group, request.user):
        raise PermissionDenied("Only members can invite people to the group.")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(group=group, user=form.cleaned_data["person"], inviter=request.user)
        except services.GroupActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Invitation sent to {request.POST.get('person', '').strip()}.")
    else:
        messages.error(request, " ".join(form.errors["person"]))
    if selectors.is_organiser(group, request.user):
        return redirect("groups:members", slug=group.slug)
    return redirect(group)


@login_required
@require_POST
def member_action(request, slug, membership_id, action):
    """An organiser approves, declines, removes, or changes the role of one membership."""
    group = _organised_or_403(slug, request.user)
    try:
        if action == "approve":
            services.approve_request(group=group, membership_id=membership_id, organiser=request.user)
        elif action == "decline":
            services.decline_request(group=group, membership_id=membership_id, organiser=request.user)
        elif action == "remove":
            services.remove_member(group=group, membership_id=membership_id, organiser=request.user)
        elif action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise services.GroupActionRefused("Choose member or organiser.")
            services.set_role(
                group=group, membership_id=membership_id, role=form.cleaned_data["role"], organiser=request.user
            )
        else:
            raise Http404("No such action.")
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Done.")
    return redirect("groups:members", slug=group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, slug):
    group = _organised_or_403(slug, request.user)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.send_notice(group=group, organiser=request.user, **form.cleaned_data)
        messages.success(request, f"Your notice went to {count} member{'s' if count != 1 else ''}.")
        return redirect(group)
    return render(request, "groups/notice.html", {"group": group, "form": form})
