"""Editors manage a group's members in the Wagtail admin: the roster, adding someone as a member or an
organiser, changing a role, removing; every change through the groups services and in the group's history."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.groups import selectors, services
from portal.groups.forms import AdminMemberForm, AdminRoleForm
from portal.groups.models import Group
from portal.notifications.site import display_name

CHANGE_GROUP = "groups.change_group"
PER_PAGE = 50


@permission_required(CHANGE_GROUP, raise_exception=True)
@require_http_methods(["GET"])
def members(request, group_id):
    """A group's roster, and members found by name or email address to add."""
    group = get_object_or_404(Group, pk=group_id)
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.admin_roster(group), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "page": page,
        "query": query,
        "candidates": selectors.admin_candidates(group, query),
        "member_count": page.paginator.count,
    }
    return render(request, "groups/admin/members.html", context)


def _back(group, request) -> str:
    page = request.POST.get("page", "")
    return reverse("groups_admin_members", args=[group.pk]) + (f"?page={page}" if page.isdigit() else "")


@permission_required(CHANGE_GROUP, raise_exception=True)
@require_POST
def add_member(request, group_id):
    group = get_object_or_404(Group, pk=group_id)
    form = AdminMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose someone to add, as a member or an organiser.")
        return redirect(_back(group, request))
    user = get_object_or_404(get_user_model(), pk=form.cleaned_data["user"])
    try:
        services.editor_add_member(group=group, user=user, editor=request.user, role=form.cleaned_data["role"])
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{display_name(user)} is now {form.role_phrase} of {group.name}.")
    return redirect(_back(group, request))


@permission_required(CHANGE_GROUP, raise_exception=True)
@require_POST
def set_role(request, group_id, membership_id):
    group = get_object_or_404(Group, pk=group_id)
    form = AdminRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose member or organiser.")
        return redirect(_back(group, request))
    try:
        membership = services.editor_set_role(
            group=group, membership_id=membership_id, role=form.cleaned_data["role"], editor=request.user
        )
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{display_name(membership.user)} is now {form.role_phrase}.")
    return redirect(_back(group, request))


@permission_required(CHANGE_GROUP, raise_exception=True)
@require_POST
def remove_member(request, group_id, membership_id):
    group = get_object_or_404(Group, pk=group_id)
    try:
        services.editor_remove_member(group=group, membership_id=membership_id, editor=request.user)
    except services.GroupActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Removed from {group.name}.")
    return redirect(_back(group, request))
