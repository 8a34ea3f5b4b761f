"""Events members meet at, who registered for each, and each member's private calendar token.

Times are stored as aware datetimes (UTC in the database) with the IANA zone the organiser chose, so
pages and calendar files show the event in its own zone. Who may see an event of a group is the
groups app's privacy rule (`portal.groups.selectors`); events ask there.
"""

import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import RevisionMixin

from portal.events.blocks import OUTPUT_BLOCKS


@cache
def zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


def validate_https(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise ValidationError("The joining link must start with https:// so that it is private on the way.")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class AttendeeVisibility(models.TextChoices):
    ORGANISERS = "organisers", "Organisers only"
    ATTENDEES = "attendees", "Organisers and people registered"


class Event(RevisionMixin, models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for listings and calendars.")
    description = models.TextField(blank=True, help_text="Plain text; blank lines start new paragraphs.")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, choices=zone_choices, default="Europe/London", help_text="Where the times are local."
    )
    format = models.CharField(max_length=16, choices=EventFormat.choices, default=EventFormat.IN_PERSON)
    joining_url = models.URLField(
        "joining link",
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text="For online and hybrid events; shown only to people registered.",
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    region = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    step_free_access = models.BooleanField("step-free access", default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpretation = models.BooleanField("British Sign Language interpretation", default=False)
    quiet_space = models.BooleanField(default=False)
    accessibility_notes = models.TextField(
        blank=True, help_text="Anything else: toilets, parking, seating, how to ask for adjustments."
    )
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="organised_events")
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no limit.")
    attendee_visibility = models.CharField(
        "who sees the attendee list",
        max_length=16,
        choices=AttendeeVisibility.choices,
        default=AttendeeVisibility.ORGANISERS,
    )
    status = models.CharField(max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the hourly job once the event is over: that save moves it to "past" in the search index.
    has_ended = models.BooleanField(default=False, editable=False)
    # iCalendar's SEQUENCE: raised on every change calendars should pick up (RFC 5545 3.8.7.4).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    outputs = StreamField(
        OUTPUT_BLOCKS, blank=True, help_text="After the event: notes, slides, recordings, case studies."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="event")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("time_zone")],
            heading="When",
            help_text="Times in the admin are in the portal's own time zone; the zone says how members see them.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("joining_url"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("region"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("hearing_loop"),
                FieldPanel("bsl_interpretation"),
                FieldPanel("quiet_space"),
                FieldPanel("accessibility_notes"),
            ],
            heading="Accessibility",
        ),
        MultiFieldPanel(
            [
                FieldPanel("group"),
                FieldPanel("organisers"),
                FieldPanel("capacity"),
                FieldPanel("attendee_visibility"),
                FieldPanel("status"),
            ],
            heading="Who",
        ),
        FieldPanel("outputs"),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="events_end_after_start")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The event must end after it starts."})
        if self.pk and self.capacity is not None:
            taken = self.registrations.filter(state=RegistrationState.REGISTERED).count()
            if self.capacity < taken:
                raise ValidationError(
                    {"capacity": f"{taken} people are registered: the capacity cannot be lower than that."}
                )
        if self.format == EventFormat.IN_PERSON and self.joining_url:
            raise ValidationError({"joining_url": "An in-person event has no joining link: choose online or hybrid."})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def places_left(self) -> int | None:
        """Free places (None: no limit); listings annotate `registered_count` so this costs no query."""
        if self.capacity is None:
            return None
        taken = getattr(self, "registered_count", None)
        if taken is None:
            taken = self.registrations.filter(state=RegistrationState.REGISTERED).count()
        return max(self.capacity - taken, 0)

    @property
    def accessibility_features(self) -> list[str]:
        """The venue's access features that are there, in words."""
        features = [
            (self.step_free_access, "Step-free access"),
            (self.hearing_loop, "Hearing loop"),
            (self.bsl_interpretation, "British Sign Language interpretation"),
            (self.quiet_space, "Quiet space"),
        ]
        return [label for present, label in features if present]


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    state = models.CharField(max_length=16, choices=RegistrationState.choices, default=RegistrationState.REGISTERED)
    # Place in the waiting list (lower goes first); kept once promoted, for the record.
    position = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_one_registration_per_member")]
        indexes = [models.Index(fields=["event", "state"]), models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.user} for {self.event} ({self.state})"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a member's personal calendar address (and in private groups' feeds for them)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar token of {self.user}"
