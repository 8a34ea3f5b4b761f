"""Editors manage practitioners and organisations in the Wagtail admin, and can suspend an account."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.moderation import services as moderation
from portal.moderation.forms import decline_note_field
from portal.network import selectors, services
from portal.network.models import Organisation, OrganisationReview, PractitionerProfile

MODERATE = "network.change_practitionerprofile"


class PractitionerProfileViewSet(SnippetViewSet):
    model = PractitionerProfile
    icon = "user"
    menu_label = "Practitioners"
    list_display = ["display_name", "slug", "organisation", "region", "suspended_at"]
    list_filter = ["region", "organisation"]
    search_fields = ["display_name", "headline", "slug"]
    search_backend_name = None
    ordering = ["display_name"]


class OrganisationAdminForm(WagtailAdminModelForm):
    decline_note = decline_note_field()

    def save(self, commit=True):
        was_proposed = self.initial.get("review_state") == OrganisationReview.PROPOSED
        organisation = super().save(commit=commit)
        if commit and was_proposed and organisation.review_state != OrganisationReview.PROPOSED:
            services.review_organisation(
                organisation=organisation,
                state=organisation.review_state,
                editor=getattr(self, "for_user", None),
                note=self.cleaned_data.get("decline_note", ""),
            )
        return organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    edit_handler = ObjectList([*Organisation.panels, FieldPanel("decline_note")], base_form_class=OrganisationAdminForm)
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "kind", "region", "review_state", "proposed_by"]
    list_filter = ["review_state", "kind", "region"]
    search_fields = ["name", "description"]
    search_backend_name = None


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (PractitionerProfileViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "Network"
    menu_name = "network"


register_snippet(NetworkViewSetGroup)


@permission_required(MODERATE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def suspension(request, pk):
    """Confirm and apply a suspension, or lift one."""
    profile = get_object_or_404(PractitionerProfile.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        # Through the review queue's suspensions: recorded, told to the member, pending items withdrawn.
        if profile.is_suspended:
            moderation.lift_suspension(user=profile.user, moderator=request.user)
            messages.success(request, f"{profile.display_name} can sign in again.")
        else:
            reason = request.POST.get("reason", "")
            try:
                moderation.suspend(user=profile.user, moderator=request.user, days=None, reason=reason)
            except ValueError as refusal:  # suspending oneself
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"{profile.display_name} is suspended.")
        return redirect(reverse("wagtailsnippets_network_practitionerprofile:list"))
    return render(request, "network/admin/suspension.html", {"profile": profile})


@hooks.register("register_admin_urls")
def register_suspension_url():
    return [path("network/practitioners/<int:pk>/suspension/", suspension, name="network_suspension")]


@hooks.register("register_snippet_listing_buttons")
def suspension_button(snippet, user, next_url=None):
    if not isinstance(snippet, PractitionerProfile) or not user.has_perm(MODERATE):
        return []
    label = "Reinstate account" if snippet.is_suspended else "Suspend account"
    return [Button(label, reverse("network_suspension", args=[snippet.pk]), icon_name="lock", priority=90)]


@hooks.register("get_avatar_url")
def member_avatar(user, size):
    """The admin shows members' own pictures or initials; never a request to Gravatar."""
    return selectors.admin_avatar_url(user)


@permission_required(MODERATE, raise_exception=True)
def keep_away_report(request):
    """Moderators see which members others keep away from, in counts only: never who blocked or muted whom."""
    context = {
        "page_title": "Blocks and mutes",
        "header_title": "Blocks and mutes",
        "rows": selectors.kept_away_from(),
        "days": selectors.KEEP_AWAY_DAYS,
    }
    return render(request, "network/admin/keep_away_report.html", context)


@hooks.register("register_admin_urls")
def register_keep_away_urls():
    return [path("reports/blocks-and-mutes/", keep_away_report, name="network_keep_away_report")]


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE)


@hooks.register("register_reports_menu_item")
def register_keep_away_menu_item():
    return ModeratorsMenuItem("Blocks and mutes", reverse("network_keep_away_report"), icon_name="warning", order=95)
