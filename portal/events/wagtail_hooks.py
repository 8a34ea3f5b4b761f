"""Wagtail admin for events: editors manage every event (with revisions); saving goes through the services."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.events import services
from portal.events.models import Event, EventStatus


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = "Events"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "starts_at", "group", "format", "status"]
    list_filter = ["status", "format", "group"]
    search_fields = ["title", "summary"]
    search_backend_name = None  # plain database filtering; the portal's search lives in portal/search
    ordering = ["-starts_at"]


register_snippet(EventViewSet)


@hooks.register("after_create_snippet")
def event_created_in_admin(request, instance):
    """An event an editor adds is announced to its group's members, as one added from the site is."""
    if isinstance(instance, Event):
        services.announce(event=instance, actor=request.user)


@hooks.register("before_edit_snippet")
def remember_event_status(request, instance):
    if isinstance(instance, Event):
        request._event_was_cancelled = instance.status == EventStatus.CANCELLED
        request._event_time_and_place = services.time_and_place(instance)


@hooks.register("after_edit_snippet")
def event_saved_in_admin(request, instance):
    """Calendars pick the change up (SEQUENCE), a cancellation is told, a larger capacity fills from the queue."""
    if isinstance(instance, Event):
        services.record_admin_edit(
            event=instance,
            editor=request.user,
            was_cancelled=getattr(request, "_event_was_cancelled", False),
            time_and_place_before=getattr(request, "_event_time_and_place", None),
        )
