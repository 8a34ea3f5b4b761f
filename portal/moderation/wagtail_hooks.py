"""The review queue in the Wagtail admin: its pages, its menu item, its dashboard panel and the audit-log
action types every decision is written as."""

from django.contrib.auth import get_user_model
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from portal.moderation import admin_views, selectors, services
from portal.moderation.models import Reason, RemovalReason


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [
        path("review-queue/", admin_views.queue, name="moderation_queue"),
        path("review-queue/<int:item_id>/", admin_views.item_detail, name="moderation_item"),
        path("review-queue/<int:item_id>/decide/", admin_views.decide, name="moderation_decide"),
        path("review-queue/<int:item_id>/suspend/", admin_views.suspend, name="moderation_suspend"),
        path("review-queue/<int:item_id>/lift/", admin_views.lift, name="moderation_lift"),
        path("review-queue/decisions/<int:decision_id>/", admin_views.bulk_decision, name="moderation_bulk_decision"),
        path(
            "review-queue/decisions/<int:decision_id>/status.json",
            admin_views.bulk_decision_status,
            name="moderation_bulk_decision_status",
        ),
        path(
            "review-queue/decisions/<int:decision_id>/resume/",
            admin_views.resume_bulk_decision,
            name="moderation_bulk_decision_resume",
        ),
    ]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem("Review queue", reverse("moderation_queue"), icon_name="flag", order=150)


class QueuePanel(Component):
    """The dashboard's count of waiting items, per kind and per reason, each a link to the filtered queue."""

    name = "review-queue"
    order = 40
    template_name = "moderation/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"counts": selectors.pending_counts(), "queue_url": reverse("moderation_queue")}


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if request.user.has_perm(admin_views.MODERATE):
        panels.append(QueuePanel())


class DecisionFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = self.message
        if data.get("reason") in RemovalReason.values:
            message += f": {RemovalReason(data['reason']).label}"
        elif data.get("reason") in Reason.values:
            message += f": {Reason(data['reason']).label}"
        if data.get("note"):
            message += f" ({data['note']})"
        if data.get("bulk"):
            message += " [bulk]"
        return message


class SuspendFormatter(LogFormatter):
    label = "Suspend the author"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        days = data.get("days")
        period = f"for {days} day{'s' if days != 1 else ''}" if days else "for good"
        return f"Suspended the author {period}" + (f": {data['reason']}" if data.get("reason") else "")


@hooks.register("register_log_actions")
def register_moderation_actions(actions):
    for action, label, message in (
        ("moderation.enqueue", "Queued", "Put in the review queue"),
        ("moderation.report", "Reported", "Reported by a member"),
        ("moderation.approve", "Approve", "Approved"),
        ("moderation.remove", "Remove", "Removed"),
        ("moderation.dismiss", "Dismiss reports", "Reports dismissed"),
        ("moderation.withdraw", "Withdraw", "Withdrawn"),
    ):
        actions.register_action(action)(
            type(f"{label}Formatter", (DecisionFormatter,), {"label": label, "message": message})
        )
    actions.register_action("moderation.suspend")(SuspendFormatter)


# Held accounts let in from the users admin rather than the queue: the same decision, the same record.
USERS_ADMIN = "Approved in the users admin"


@hooks.register("after_edit_user")
def approve_held_account_made_active(request, user):
    services.approve_accounts_let_in(users=[user], moderator=request.user, where=USERS_ADMIN)


@hooks.register("after_bulk_action")
def approve_held_accounts_made_active(request, action_type, objects, action_class_instance):
    if action_type == "set_active_state" and objects and isinstance(objects[0], get_user_model()):
        services.approve_accounts_let_in(users=objects, moderator=request.user, where=USERS_ADMIN)
