"""The review queue: one item per object that waits on a moderator, the reports on it, suspensions and
take-down requests."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reason(models.TextChoices):
    """Why an item is in the queue: members' reasons first, then the portal's own."""

    SPAM = "spam", "Spam"
    ABUSE = "abuse", "Abuse or harassment"
    OFF_TOPIC = "off-topic", "Off-topic"
    PERSONAL_INFORMATION = "personal-information", "Personal information"
    OTHER = "other", "Something else"
    HELD_LINKS = "held-links", "Held: links from a new member"
    NEW_ACCOUNT = "new-account", "New account waiting for approval"
    TAKEDOWN = "takedown", "Take-down request"
    SAFEGUARDING = "safeguarding", "Safeguarding risk"
    PROPOSAL = "proposal", "Waiting for approval"


MEMBER_REASONS = [Reason.SPAM, Reason.ABUSE, Reason.OFF_TOPIC, Reason.PERSONAL_INFORMATION, Reason.OTHER]


class RemovalReason(models.TextChoices):
    """What a moderator tells an author when they remove their content."""

    SPAM = "spam", "It is spam or advertising"
    ABUSE = "abuse", "It is abusive or harassing"
    OFF_TOPIC = "off-topic", "It is off-topic"
    PERSONAL_INFORMATION = "personal-information", "It shares someone's personal information"
    TERMS = "terms", "It breaks the terms of use"
    OTHER = "other", "Another reason (see the note)"


class QueueItem(models.Model):
    """One object waiting on a moderator (a comment, a profile, a take-down request, ...), whatever the
    number of reports on it; decided items stay as the record and reopen when reported again."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        APPROVED = "approved", "Approved"
        REMOVED = "removed", "Removed"
        DISMISSED = "dismissed", "Reports dismissed"
        WITHDRAWN = "withdrawn", "Withdrawn (author suspended or gone)"

    kind = models.CharField(max_length=60, db_index=True, help_text="A kind registered in moderation.registry.")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300, blank=True, help_text="What the item is, kept if the object goes.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_items"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(default=timezone.now, help_text="When it last came (back) into the queue.")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.CharField(max_length=30, choices=RemovalReason.choices, blank=True)
    decision_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="moderation_one_item_per_object")
        ]
        indexes = [models.Index(fields=["state", "kind", "opened_at"])]
        permissions = [("moderate", "Can decide on items in the review queue")]

    def __str__(self):
        return self.title or f"{self.kind} {self.object_id}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING


class Report(models.Model):
    """One reason an item is in the queue: a member's report, or the portal's own (a hold, a request)."""

    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=1000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open report per member and item: reporting again changes nothing.
            models.UniqueConstraint(
                fields=["item", "reporter"],
                condition=models.Q(reporter__isnull=False, dismissed_at__isnull=True),
                name="moderation_one_open_report_per_member",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on {self.item}"


class Suspension(models.Model):
    """A member kept out of the site, for a period (`ends_at`) or for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    reason = models.CharField(max_length=250, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        until = f"until {self.ends_at:%d %b %Y}" if self.ends_at else "for good"
        return f"Suspended {until}"


class BulkDecision(models.Model):
    """A moderator's decision on more items than one request should carry: the worker applies it in batches,
    each committed with its progress, and records every item it could not apply and why."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped by an error"

    class Action(models.TextChoices):
        APPROVE = "approve", "Approve"
        REMOVE = "remove", "Remove"
        DISMISS = "dismiss", "Dismiss the reports"

    action = models.CharField(max_length=10, choices=Action.choices)
    removal_reason = models.CharField(max_length=30, choices=RemovalReason.choices, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item_ids = models.JSONField(default=list, help_text="The queue items chosen, in the order they are applied.")
    position = models.PositiveIntegerField(default=0, help_text="How many of the items have been worked through.")
    applied_ids = models.JSONField(default=list)
    failures = models.JSONField(default=list, help_text="[{item, title, problem}] for each item not applied.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last started it or saved a batch of it."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} on {self.total} items"

    @property
    def total(self) -> int:
        return len(self.item_ids)

    @property
    def done_count(self) -> int:
        return len(self.applied_ids)

    @property
    def failed_count(self) -> int:
        return len(self.failures)

    @property
    def percent(self) -> int:
        return round(100 * self.position / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Running, but no worker saved progress for MODERATION_BULK_STALLED_AFTER seconds: its worker died."""
        last = self.progressed_at or self.started_at or self.created_at
        return self.state == self.State.RUNNING and last < stalled_before()

    @property
    def can_resume(self) -> bool:
        return self.state == self.State.FAILED or self.is_stalled


def stalled_before():
    """Running bulk decisions with no progress since this moment are stalled."""
    return timezone.now() - timedelta(seconds=settings.MODERATION_BULK_STALLED_AFTER)


class TakedownRequest(models.Model):
    """Someone (member or not) asks for something about them to be taken down from a page."""

    class Reason(models.TextChoices):
        NO_CONSENT = "no-consent", "I can be identified and did not agree to it"
        PERSONAL_INFORMATION = "personal-information", "It shows personal information about me"
        INACCURATE = "inaccurate", "It says something untrue about me"
        SAFEGUARDING = "safeguarding", "It puts someone at risk of harm (safeguarding)"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld: the page was taken down"
        DECLINED = "declined", "Declined: the page stays"

    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    page_url = models.CharField(max_length=500)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    details = models.TextField(max_length=3000)
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    page_hidden_at = models.DateTimeField(null=True, blank=True, help_text="When the page was unpublished for it.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True, help_text="When the requester was told it arrived.")
    outcome_emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the requester was told the outcome."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Take-down request: {self.page_url}"

    @property
    def is_safeguarding(self) -> bool:
        return self.reason == self.Reason.SAFEGUARDING
