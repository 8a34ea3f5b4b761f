"""Event pages: the listing and month view, an event with its registration buttons, organisers' tools, calendars."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.events import calendars, selectors, services
from portal.events.forms import CancelEventForm, EventFilterForm, EventForm
from portal.events.models import RegistrationState
from portal.groups import selectors as groups
from portal.notifications.site import display_name
from portal.page_cache import cache_for_visitors


@cache_for_visitors
@require_GET
def event_list(request):
    form = EventFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.events_for(filters, request.user), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "events": page.object_list,
        "month_url": reverse("events:month", kwargs={"year": today.year, "month": today.month}),
        "can_create": selectors.groups_organised_by(request.user).exists() or request.user.has_perm("events.add_event"),
        **selectors.filter_options(request.user),
    }
    return render(request, "events/event_list.html", context)


@cache_for_visitors
@require_GET
def event_month(request, year: int, month: int):
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404("No such month")
    zone = timezone.get_current_timezone()
    first = date(year, month, 1)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    weeks = selectors.month_weeks(year, month, request.user, zone)
    context = {
        "month": first,
        "weeks": weeks,
        "has_events": any(day.events for week in weeks for day in week if day.in_month),
        "previous": previous,
        "following": following,
        "zone_name": str(zone),
    }
    return render(request, "events/event_month.html", context)


def _detail_context(request, event) -> dict:
    registration = selectors.registration_of(event, request.user)
    can_manage = selectors.can_manage(event, request.user)
    context = {
        "event": event,
        "registration": registration,
        "is_registered": registration is not None and registration.state == RegistrationState.REGISTERED,
        "is_waiting": registration is not None and registration.state == RegistrationState.WAITING,
        "can_manage": can_manage,
        "is_full": event.capacity is not None and event.registered_count >= event.capacity,
        "places_left": None if event.capacity is None else max(event.capacity - event.registered_count, 0),
        "when": services.when_text(event),
        "group_url": selectors.group_url(event.group),
        "group_open_to_user": event.group is None or groups.can_see_inside(event.group, request.user),
    }
    if context["is_waiting"]:
        context["waiting_place"] = selectors.waiting_place(registration)
    if selectors.may_see_attendees(event, request.user, registration):
        context["attendees"] = [display_name(r.user) for r in selectors.attendees(event)]
        if can_manage:
            context["waiting"] = [display_name(r.user) for r in selectors.attendees(event, RegistrationState.WAITING)]
    return context


@cache_for_visitors
@require_GET
def event_detail(request, slug):
    event = selectors.event_for(slug, request.user)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _refuse(request, event, message: str, status: int) -> HttpResponse:
    context = {**_detail_context(request, event), "refusal": message}
    return render(request, "events/event_detail.html", context, status=status)


@require_POST
def register(request, slug):
    event = selectors.event_for(slug, request.user)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={event.get_absolute_url()}")
    try:
        registration = services.register(event=event, user=request.user)
    except services.RegistrationRefused as refusal:
        return _refuse(request, event, str(refusal), 409)
    if registration.state == RegistrationState.WAITING:
        messages.info(request, "The event is full: you are on the waiting list. We will tell you if a place opens up.")
    else:
        messages.success(request, "You are registered. Add it to your calendar below.")
    return redirect(event)


@require_POST
@login_required
def cancel_registration(request, slug):
    event = selectors.event_for(slug, request.user)
    if services.cancel_registration(event=event, user=request.user) is not None:
        messages.success(request, "Your registration is cancelled. Thank you for letting the organisers know.")
    return redirect(event)


def _managed_event(request, slug):
    event = selectors.event_for(slug, request.user)
    if not selectors.can_manage(event, request.user):
        raise PermissionDenied("Only the event's organisers can do that.")
    return event


@login_required
@require_GET
def attendees_csv(request, slug):
    event = _managed_event(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    writer = csv.writer(response)
    writer.writerow(["Name", "Email", "State", "Place in the waiting list", "Registered at"])
    for state in (RegistrationState.REGISTERED, RegistrationState.WAITING):
        for number, registration in enumerate(selectors.attendees(event, state), start=1):
            writer.writerow(
                [
                    _csv_safe(display_name(registration.user)),
                    _csv_safe(registration.user.email),
                    registration.get_state_display(),
                    number if state == RegistrationState.WAITING else "",
                    timezone.localtime(registration.created_at, event.zone).strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return response


def _csv_safe(value: str) -> str:
    # A name starting with = + - @ would be read as a formula by spreadsheets.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _form_context(form, **context) -> dict:
    return {"form": form, "access_fields": [form[name] for name in form.ACCESS_FIELDS], **context}


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not (selectors.groups_organised_by(request.user).exists() or request.user.has_perm("events.add_event")):
        raise PermissionDenied("Organisers of a group can add events for it.")
    initial = {}
    if request.GET.get("group"):
        initial["group"] = selectors.groups_organised_by(request.user).filter(slug=request.GET["group"]).first()
    form = EventForm(request.POST or None, organiser=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        try:
            event = services.create_event(created_by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your event is published.")
            return redirect(event)
    return render(request, "events/event_form.html", _form_context(form))


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = _managed_event(request, slug)
    form = EventForm(request.POST or None, instance=event, organiser=request.user)
    if event.group is not None:
        # The group an event belongs to stays in the choice even for an editor who does not organise it.
        choices = form.fields["group"].queryset | type(event.group).objects.filter(pk=event.group_id)
        form.fields["group"].queryset = choices.distinct()
    if request.method == "POST" and form.is_valid():
        try:
            event = services.update_event(event=event, editor=request.user, **form.event_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved. People registered are told if the time or place changed.")
            return redirect(event)
    return render(request, "events/event_form.html", _form_context(form, event=event))


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, slug):
    event = _managed_event(request, slug)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_event(event=event, cancelled_by=request.user)
        messages.success(request, "The event is cancelled and everyone registered is told.")
        return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


# --- calendars -------------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@require_GET
def event_ics(request, slug):
    """One event's file; the joining link only for a member registered, downloading it signed in."""
    event = selectors.event_for(slug, request.user)
    registration = selectors.registration_of(event, request.user)
    links = {event.pk} if registration is not None and registration.state == RegistrationState.REGISTERED else set()
    return _ics(calendars.calendar_for([event], name=event.title, joining_links_for=links), event.slug)


@require_GET
def portal_ics(request):
    """Every public event: the portal's subscribable feed (no joining links)."""
    return _ics(calendars.calendar_for(selectors.feed_events(), name="Co-production portal events"), "events")


@require_GET
def group_ics(request, group_slug):
    """An open group's feed, for anyone; a private group's only through a member's tokened address."""
    group = selectors.group_by_slug(group_slug, None)
    if not group.is_public:
        raise Http404("No such calendar")
    return _ics(calendars.calendar_for(selectors.feed_events(group=group), name=f"{group.name} events"), group.slug)


@require_GET
def group_ics_for_member(request, group_slug, token):
    member = selectors.calendar_owner(token)
    if member is None:
        raise Http404("No such calendar")
    group = selectors.group_by_slug(group_slug, member)
    if not groups.can_see_inside(group, member):
        raise Http404("No such calendar")
    events = list(selectors.feed_events(group=group, user=member))
    body = calendars.calendar_for(events, name=f"{group.name} events")
    return _ics(body, group.slug)


@require_GET
def personal_ics(request, token):
    """A member's own calendar: their registrations (with joining links) and their groups' events."""
    member = selectors.calendar_owner(token)
    if member is None:
        raise Http404("No such calendar")
    events = list(selectors.personal_calendar_events(member))
    body = calendars.calendar_for(
        events, name="My events", joining_links_for=selectors.registered_event_ids(member, events)
    )
    return _ics(body, "my-events")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """Where a member finds their private calendar addresses, and makes new ones if a link leaked."""
    if request.method == "POST":
        services.reset_calendar_token(user=request.user)
        messages.success(request, "Your calendar addresses are new: the old ones no longer work.")
        return redirect("events:calendars")
    token = services.calendar_token_for(user=request.user).token
    group_feeds = [
        (group, _feed(services.calendar_url(reverse("events:group_member_ics", args=[group.slug, token]))))
        for group in selectors.groups_of(request.user)
    ]
    context = {
        "personal": _feed(services.calendar_url(reverse("events:personal_ics", kwargs={"token": token}))),
        "portal": _feed(services.calendar_url(reverse("events:portal_ics"))),
        "group_feeds": group_feeds,
    }
    return render(request, "events/calendar_settings.html", context)


def _feed(url: str) -> dict:
    # webcal:// asks the member's calendar app to subscribe; the https address is for pasting.
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}
