"""Parsing what members send: the listing's filters, and the event form with times in the event's own zone."""

import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError

from portal.events import selectors
from portal.events.models import Event, EventFormat, zone_choices
from portal.events.selectors import EventFilters


class EventFilterForm(forms.Form):
    """The listing's query string; values that cannot be valid are dropped, never an error."""

    when = forms.ChoiceField(choices=[("upcoming", "Upcoming"), ("past", "Past")], required=False)
    region = forms.SlugField(required=False)
    group = forms.SlugField(required=False)
    attendance = forms.ChoiceField(
        choices=[("", "Online or in person"), ("online", "Online"), ("in_person", "In person")], required=False
    )

    def filters(self) -> EventFilters:
        self.is_valid()
        data = self.cleaned_data
        return EventFilters(
            when=data.get("when") or "upcoming",
            region=data.get("region") or "",
            group=data.get("group") or "",
            attendance=data.get("attendance") or "",
        )


def local_to_aware(day, time, zone_name: str) -> datetime:
    """A wall-clock time in a zone as an aware datetime; a ValidationError for a time that does not exist
    there (the clocks go forward) or that happens twice (the clocks go back)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = datetime.combine(day, time)
    earlier, later = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        round_trip = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        when = f"{naive:%H:%M} on {naive:%-d %B %Y}"
        if round_trip != naive:
            raise ValidationError(
                f"{when} does not exist in {zone_name}: the clocks go forward then. Choose a time an hour later.",
                code="nonexistent",
            )
        raise ValidationError(
            f"{when} happens twice in {zone_name}: the clocks go back then. Choose a time outside that hour.",
            code="ambiguous",
        )
    return earlier


TIME_FIELDS = ["start_date", "start_time", "end_date", "end_time", "time_zone"]


class EventForm(forms.ModelForm):
    """An organiser's event: dates and times are typed as they read on a local clock in the chosen zone."""

    ACCESS_FIELDS = ("step_free_access", "hearing_loop", "bsl_interpretation", "quiet_space")

    start_date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Starts at", widget=forms.TimeInput(attrs={"type": "time"}))
    end_date = forms.DateField(
        label="Ends on",
        required=False,
        help_text="Leave empty when it ends the same day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_time = forms.TimeField(label="Ends at", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(choices=zone_choices, initial="Europe/London")
    joining_url = forms.URLField(
        label="Joining link",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="For online and hybrid events, starting https://; shown only to people registered.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "group",
            "format",
            "joining_url",
            "venue_name",
            "venue_address",
            "region",
            "step_free_access",
            "hearing_loop",
            "bsl_interpretation",
            "quiet_space",
            "accessibility_notes",
            "capacity",
            "attendee_visibility",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "venue_address": forms.Textarea(attrs={"rows": 3})}
        field_order = ["title", "summary", "description", "group", "start_date", "start_time", "end_date", "end_time"]

    def __init__(self, *args, organiser=None, **kwargs):
        super().__init__(*args, **kwargs)
        is_editor = organiser is not None and organiser.has_perm("events.add_event")
        # Editors may add an event to any group, or to none; organisers to the groups they organise.
        self.fields["group"].queryset = (
            selectors.groups_for_editors() if is_editor else selectors.groups_organised_by(organiser)
        )
        self.fields["group"].required = not is_editor
        self.fields["format"].widget = forms.RadioSelect(choices=EventFormat.choices)
        self.order_fields(["title", "summary", "description", "group", *TIME_FIELDS])
        if self.instance.pk:
            start, end = self.instance.local_start, self.instance.local_end
            self.initial.update(
                start_date=start.date(),
                start_time=start.time(),
                end_date=end.date() if end.date() != start.date() else None,
                end_time=end.time(),
                time_zone=self.instance.time_zone,
            )

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        day, start, end = data.get("start_date"), data.get("start_time"), data.get("end_time")
        if zone and day and start:
            try:
                data["starts_at"] = local_to_aware(day, start, zone)
            except ValidationError as error:
                self.add_error("start_time", error)
        if zone and day and end:
            try:
                data["ends_at"] = local_to_aware(data.get("end_date") or day, end, zone)
            except ValidationError as error:
                self.add_error("end_time", error)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", "The event must end after it starts.")
            del data["ends_at"]
        capacity = data.get("capacity")
        if self.instance.pk and capacity is not None:
            taken = selectors.registered_count(self.instance)
            if capacity < taken:
                self.add_error("capacity", f"{taken} people are registered: the capacity cannot be lower than that.")
        return data

    def _post_clean(self):
        # The model's own checks see the combined times too (when they parsed).
        for name in ("starts_at", "ends_at", "time_zone"):
            if self.cleaned_data.get(name):
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()

    def event_fields(self) -> dict:
        """The values a service takes."""
        names = [*self.Meta.fields, "starts_at", "ends_at", "time_zone"]
        return {name: self.cleaned_data[name] for name in names}


class CancelEventForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, cancel this event and tell everyone registered")
