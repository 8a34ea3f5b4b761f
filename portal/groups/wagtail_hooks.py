"""Admin set-up for groups: editors create groups, give them organisers and approve members' proposals."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.slug import SlugInput
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.groups import admin_views, services
from portal.groups.models import Group, GroupStatus, Role
from portal.moderation.forms import decline_note_field


class GroupAdminForm(WagtailAdminModelForm):
    add_organiser = forms.ModelChoiceField(
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .select_related("profile")
        .order_by("profile__display_name"),
        required=False,
        label="Add an organiser",
        help_text="The member becomes an organiser of the group (a member first if they were not).",
    )
    decline_note = decline_note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add_organiser"].label_from_instance = lambda user: (
            getattr(getattr(user, "profile", None), "display_name", "") or user.email or f"Member {user.pk}"
        )
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "The group's address: /groups/<slug>/. Filled in from the name when empty."

    def clean_slug(self):
        return self.cleaned_data.get("slug") or services.slug_for(self.cleaned_data.get("name") or "")

    def save(self, commit=True):
        was_proposed = self.initial.get("status") == GroupStatus.PROPOSED
        group = super().save(commit=commit)
        if commit:
            services.ensure_forum(group=group)
            if was_proposed and group.status == GroupStatus.ACTIVE:
                services.approve_proposal(group=group, editor=getattr(self, "for_user", None))
            elif was_proposed and group.status == GroupStatus.DECLINED:
                services.decline_proposal(
                    group=group, editor=getattr(self, "for_user", None), note=self.cleaned_data.get("decline_note", "")
                )
            if self.cleaned_data.get("add_organiser"):
                services.editor_add_member(
                    group=group,
                    user=self.cleaned_data["add_organiser"],
                    editor=getattr(self, "for_user", None),
                    role=Role.ORGANISER,
                )
        return group


class GroupViewSet(SnippetViewSet):
    model = Group
    icon = "group"
    menu_label = "Groups"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "kind", "access", "status", "region"]
    list_filter = ["status", "kind", "access"]
    search_fields = ["name", "summary"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("name"),
            FieldPanel("slug", widget=SlugInput),
            MultiFieldPanel(
                [FieldPanel("kind"), FieldPanel("access"), FieldPanel("status"), FieldPanel("decline_note")],
                heading="Kind and access",
            ),
            FieldPanel("summary"),
            FieldPanel("description"),
            MultiFieldPanel([FieldPanel("region"), FieldPanel("service_area")], heading="Where and what"),
            FieldPanel("add_organiser"),
        ],
        base_form_class=GroupAdminForm,
    )


register_snippet(GroupViewSet)


@hooks.register("register_admin_urls")
def register_member_admin_urls():
    return [
        path("groups/<int:group_id>/members/", admin_views.members, name="groups_admin_members"),
        path("groups/<int:group_id>/members/add/", admin_views.add_member, name="groups_admin_add_member"),
        path(
            "groups/<int:group_id>/members/<int:membership_id>/role/",
            admin_views.set_role,
            name="groups_admin_set_role",
        ),
        path(
            "groups/<int:group_id>/members/<int:membership_id>/remove/",
            admin_views.remove_member,
            name="groups_admin_remove_member",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def members_button(snippet, user, next_url=None):
    if not isinstance(snippet, Group) or not user.has_perm(admin_views.CHANGE_GROUP):
        return []
    return [Button("Members", reverse("groups_admin_members", args=[snippet.pk]), icon_name="group", priority=15)]


class MemberChangeFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        role = " as an organiser" if data.get("role") == Role.ORGANISER else ""
        member = data.get("member") or "someone"
        if log_entry.action == "groups.member_add":
            return f"Added {member}{role}"
        if log_entry.action == "groups.member_remove":
            return f"Removed {member}"
        return f"Made {member} " + ("an organiser" if data.get("role") == Role.ORGANISER else "a member")


@hooks.register("register_log_actions")
def register_member_actions(actions):
    for action, label in (
        ("groups.member_add", "Add a member"),
        ("groups.member_remove", "Remove a member"),
        ("groups.member_role", "Change a member's role"),
    ):
        actions.register_action(action)(type(f"{action}Formatter", (MemberChangeFormatter,), {"label": label}))
