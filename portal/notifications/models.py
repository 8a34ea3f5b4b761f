"""Notifications stored for members (the bell reads them), their email state, and each member's settings per kind."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "In the site and an email at once"
    DAILY = "daily", "In the site and a daily digest"
    WEEKLY = "weekly", "In the site and a weekly digest"
    SITE = "site", "In the site only"
    OFF = "off", "Off"


EMAIL_DELIVERIES = (Delivery.IMMEDIATE, Delivery.DAILY, Delivery.WEEKLY)


class EmailState(models.TextChoices):
    NONE = "", "No email"
    PENDING = "pending", "Waiting for the worker"
    SENDING = "sending", "Claimed by a worker"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    """One event told to one member: shown in the site and, as the member chose, emailed at once or in a digest."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    target_url = models.CharField(max_length=500, help_text="The path of the page the notification is about.")
    context = models.JSONField(default=dict, blank=True, help_text="What the email templates are rendered with.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True, help_text="One event, one notification per member.")
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, blank=True, default=EmailState.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took the email, then sent it.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_one_per_event_and_member",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_state", "delivery"], name="notifications_email_queue"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}: {self.title}"


class NotificationSetting(models.Model):
    """How a member wants to hear of one kind of notification, when not the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=100)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_setting_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"
