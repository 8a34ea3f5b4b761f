"""Accounts: the browsers a member has signed in from, their sign-in alerts, data exports, deletions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignInAlertPreference(models.Model):
    """Whether a member is emailed when their account is signed in from a browser it has not seen."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_alerts")
    email_on_new_browser = models.BooleanField(default=True)

    def __str__(self):
        return f"sign-in alerts {'on' if self.email_on_new_browser else 'off'} for user {self.user_id}"


class KnownBrowser(models.Model):
    """A browser the member has signed in from: a random cookie, stored here only as a hash."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_browsers")
    token_hash = models.CharField(max_length=64)
    browser = models.CharField(max_length=120, blank=True, help_text="e.g. 'Firefox on Windows'.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token_hash"], name="accounts_one_known_browser")]

    def __str__(self):
        return f"{self.browser or 'a browser'} for user {self.user_id}"


class DataExport(models.Model):
    """A member's request to download their data; only they may open its link, until it expires."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    created_at = models.DateTimeField(default=timezone.now)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"data export {self.token} for user {self.user_id}"


class DeletedAccount(models.Model):
    """What is kept of a deleted account: a pseudonym for the audit trail, and for a suspended member
    a hash of the email address (so a suspension can be recognised), never the name or the address."""

    pseudonym = models.CharField(max_length=40, unique=True)
    former_user_id = models.BigIntegerField(
        db_index=True, help_text="The id audit-log entries still carry; maps them to the pseudonym."
    )
    deleted_at = models.DateTimeField(default=timezone.now)
    email_hash = models.CharField(max_length=64, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=250, blank=True)

    def __str__(self):
        return self.pseudonym


class TermsConsent(models.Model):
    """A member's agreement to the terms of use and the privacy notice: which version, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_consents")
    version = models.CharField(max_length=40)
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_at"]

    def __str__(self):
        return f"terms {self.version} agreed by user {self.user_id}"
