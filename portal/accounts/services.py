"""Writes for accounts: sign-in alerts, ending sessions, data exports, deleting an account."""

import hashlib
import hmac
import io
import json
import logging
import secrets
import zipfile
from pathlib import PurePosixPath

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.accounts import selectors
from portal.accounts.models import DataExport, DeletedAccount, KnownBrowser, SignInAlertPreference, TermsConsent
from portal.accounts.registry import Erasure, handlers
from portal.accounts.selectors import browser_name, sign_in_alerts_on

logger = logging.getLogger(__name__)

BROWSER_COOKIE = "portal_browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 400
# The session notes when it last told allauth's UserSession it was used (middleware.SessionActivityMiddleware).
LAST_SEEN_KEY = "accounts.last_seen"
LAST_SEEN_EVERY_SECONDS = 300


class AccountGone(Exception):
    """The account was deleted already (a second request to delete it, say)."""


def _keyed_hash(value: str, purpose: str) -> str:
    return hmac.new(f"{purpose}:{settings.SECRET_KEY}".encode(), value.encode(), hashlib.sha256).hexdigest()


def pseudonym_for(user_id: int) -> str:
    """A stable id for a deleted account in the audit trail; not reversible without the secret key."""
    return "former-member-" + _keyed_hash(str(user_id), "pseudonym")[:16]


def email_hash(email: str) -> str:
    return _keyed_hash(email.strip().lower(), "suspended-email")


# --- sign-in alerts --------------------------------------------------------------------------------


def set_sign_in_alerts(*, user, email_on_new_browser: bool) -> None:
    """Switch the new-browser sign-in email on or off for `user`."""
    SignInAlertPreference.objects.update_or_create(user=user, defaults={"email_on_new_browser": email_on_new_browser})


def record_sign_in(*, user, browser_token: str, user_agent: str) -> str | None:
    """Remember the browser a member signed in from; email them when it is new to their account.

    Returns a fresh token for the browser's cookie when it had none we know, else None.
    """
    now = timezone.now()
    name = browser_name(user_agent)[:120]
    if browser_token:
        known = KnownBrowser.objects.filter(user=user, token_hash=_keyed_hash(browser_token, "browser"))
        if known.update(last_seen_at=now, browser=name):
            return None
    had_browsers = KnownBrowser.objects.filter(user=user).exists()
    token = secrets.token_urlsafe(32)
    KnownBrowser.objects.create(user=user, token_hash=_keyed_hash(token, "browser"), browser=name)
    if had_browsers and sign_in_alerts_on(user):
        _send_new_browser_email(user=user, browser=name, when=now)
    return token


def _send_new_browser_email(*, user, browser: str, when) -> None:
    from allauth.account.adapter import get_adapter

    address = _primary_email(user)
    if not address:
        return
    context = {"user": user, "browser": browser, "when": when}
    try:
        # Through allauth's adapter (PortalAccountAdapter), so it reads like every other account email.
        get_adapter().send_mail("accounts/email/new_browser", address, context)
    except Exception:  # a mail server being down must not stop the member signing in
        logger.exception("could not send the new-browser sign-in email")


def record_terms_consent(*, user, version: str) -> TermsConsent:
    """Note that `user` agreed to this version of the terms of use and the privacy notice, now."""
    return TermsConsent.objects.create(user=user, version=version)


# --- sessions --------------------------------------------------------------------------------------


def end_session(*, user, session_id: int) -> bool:
    """Sign `user` out of one of their sessions; False when it is not theirs or already ended."""
    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        return False
    session._session_store(session.session_key).delete()
    session.delete()
    return True


def end_other_sessions(*, user, current_session_key: str) -> int:
    """Sign `user` out everywhere except the session with `current_session_key`."""
    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(session_key=current_session_key):
        session._session_store(session.session_key).delete()
        session.delete()
        ended += 1
    return ended


# --- members' data ---------------------------------------------------------------------------------


def request_data_export(*, user) -> DataExport:
    """A new download link for the member's data (the archive is built when they open it)."""
    return DataExport.objects.create(user=user)


def _safe_name(name: str) -> str:
    parts = [part for part in PurePosixPath(name).parts if part not in ("", ".", "..", "/")]
    return "/".join(parts) or "file"


def member_data_archive(*, user) -> bytes:
    """A ZIP of everything the portal holds about `user`: one JSON file per app, and their uploads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        contents = []
        for handler in handlers():
            part = handler.export(user)
            archive.writestr(f"{handler.name}.json", json.dumps(part.data, cls=DjangoJSONEncoder, indent=2))
            contents.append(f"{handler.name}.json")
            for name, file in part.files:
                path = f"uploads/{handler.name}/{_safe_name(name)}"
                try:
                    with file.open("rb") as stream:
                        archive.writestr(path, stream.read())
                except OSError:
                    logger.warning("an upload of user %s is missing from storage: %s", user.pk, name)
                    continue
                contents.append(path)
        readme = render_to_string(
            "accounts/export_readme.txt",
            {"site_name": settings.WAGTAIL_SITE_NAME, "contents": contents, "when": timezone.now()},
        )
        archive.writestr("README.txt", readme)
    return buffer.getvalue()


def mark_export_downloaded(*, export: DataExport) -> None:
    """Note when the member fetched their archive."""
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())


def delete_account(*, user_id: int, keep_comment_text: bool = False) -> DeletedAccount:
    """Delete a member and everything the portal holds about them, leaving a pseudonymous record.

    Every registered eraser runs first (comments anonymised, credits removed, uploads deleted, search
    documents re-serialised through the outbox), then the user row goes and the caches are cleared.
    Raises AccountGone when the account no longer exists.
    """
    User = get_user_model()
    with transaction.atomic():
        # The row lock makes a second, simultaneous request wait and then find the account gone.
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            raise AccountGone(user_id)
        erasure = Erasure(user=user, pseudonym=pseudonym_for(user.pk), keep_comment_text=keep_comment_text)
        for handler in handlers():
            handler.erase(erasure)
        record = DeletedAccount.objects.create(
            pseudonym=erasure.pseudonym,
            former_user_id=user.pk,
            suspended_at=erasure.record.get("suspended_at"),
            suspension_reason=erasure.record.get("suspension_reason", ""),
            email_hash=email_hash(_primary_email(user)) if erasure.record.get("suspended_at") else "",
        )
        user.delete()
        transaction.on_commit(_clear_caches)
    return record


def _primary_email(user) -> str:
    primary = EmailAddress.objects.filter(user=user, primary=True).values_list("email", flat=True).first()
    return primary or user.email or ""


def _clear_caches() -> None:
    # Rendered page fragments may still show the member's name or credit.
    caches["pages"].clear()


def delete_unverified_accounts(*, older_than_days: int | None = None) -> int:
    """Delete accounts whose email address was never verified within the set number of days."""
    deleted = 0
    for user_id in list(selectors.unverified_accounts(older_than_days=older_than_days).values_list("pk", flat=True)):
        try:
            delete_account(user_id=user_id)
        except AccountGone:
            continue
        deleted += 1
    return deleted


# --- second factors ------------------------------------------------------------------------------


def set_up_authenticator_app(*, user, secret: str | None = None) -> tuple[str, list[str]]:
    """Give `user` an authenticator-app (TOTP) secret and recovery codes, as allauth's own pages would.

    For the demo admin and for tests; members set theirs up at /accounts/2fa/. Returns the secret and
    the unused recovery codes. A member who has one already keeps it.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        secret = decrypt(existing.data["secret"])
    else:
        secret = secret or generate_totp_secret()
        TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes
