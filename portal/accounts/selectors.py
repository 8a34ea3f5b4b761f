"""Reads for the account pages: second factors, signed-in sessions, sign-in alerts, exports."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from ua_parser import parse as parse_user_agent

from portal.accounts.models import DataExport, SignInAlertPreference

EXPORT_LINK_HOURS = 24


def has_second_factor(user) -> bool:
    """True when the member can prove a second factor: an authenticator app or a passkey."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def needs_second_factor_for_admin(user) -> bool:
    """Superusers and members of the admin groups (Editors, Moderators) must have a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=settings.ADMIN_SECOND_FACTOR_GROUPS).exists()


def may_open_admin(user, path: str) -> bool:
    """Wagtail's admin needs its access permission; Django's admin needs staff status."""
    if path.startswith("/django-admin/"):
        return user.is_active and user.is_staff
    return user.has_perm("wagtailadmin.access_admin")


def browser_name(user_agent: str) -> str:
    """'Firefox on Windows' from a User-Agent header; 'An unknown browser' when it says nothing useful."""
    parsed = parse_user_agent(user_agent or "")
    family = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    if not family or family == "Other":
        return "An unknown browser"
    if system and system != "Other":
        return f"{family} on {system}"
    return family


@dataclass(frozen=True)
class SignedInSession:
    id: int
    browser: str
    started_at: datetime
    last_seen_at: datetime
    is_current: bool


def signed_in_sessions(request) -> list[SignedInSession]:
    """The member's live sessions, most recently used first; ended ones are purged on the way."""
    sessions = UserSession.objects.purge_and_list(request.user)
    current_key = request.session.session_key
    rows = [
        SignedInSession(
            id=session.pk,
            browser=browser_name(session.user_agent),
            started_at=session.created_at,
            last_seen_at=session.last_seen_at,
            is_current=session.session_key == current_key,
        )
        for session in sessions
    ]
    return sorted(rows, key=lambda row: (not row.is_current, -row.last_seen_at.timestamp()))


def sign_in_alerts_on(user) -> bool:
    preference = SignInAlertPreference.objects.filter(user=user).first()
    return preference is None or preference.email_on_new_browser


def open_data_export(*, token, user) -> DataExport | None:
    """The member's own export behind `token`, if it has not expired; anyone else's is None."""
    since = timezone.now() - timedelta(hours=EXPORT_LINK_HOURS)
    return DataExport.objects.filter(token=token, user=user, created_at__gte=since).first()


def unverified_accounts(*, older_than_days: int | None = None):
    """Accounts that signed up but never verified an address, older than the setting's days."""
    days = settings.UNVERIFIED_ACCOUNT_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    User = get_user_model()
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    signed_up = EmailAddress.objects.values("user_id")
    return (
        User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False, pk__in=signed_up)
        .exclude(pk__in=verified)
        .order_by("pk")
    )


def current_authenticator_code(user) -> str | None:
    """The code `user`'s authenticator app shows now (for the demo admin's local sign-in only)."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))


def display_name(user) -> str:
    """The name members see for `user` (allauth's messages and passkeys use it): never the username."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or user.get_full_name() or "your account"
