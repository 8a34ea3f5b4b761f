"""The account's own part of a member's data: addresses, second factors (never their secrets),
signed-in sessions, known browsers, sign-in alerts, the terms agreed to."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from portal.accounts.models import KnownBrowser, TermsConsent
from portal.accounts.registry import Erasure, MemberExport
from portal.accounts.selectors import browser_name, sign_in_alerts_on


def _when(value):
    return value.isoformat() if value else None


def export_account(user) -> MemberExport:
    return MemberExport(
        data={
            "username": user.get_username(),
            "name": user.get_full_name(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "groups": list(user.groups.order_by("name").values_list("name", flat=True)),
            "second_factors": [
                {
                    "type": authenticator.type,
                    "created_at": _when(authenticator.created_at),
                    "last_used_at": _when(authenticator.last_used_at),
                }
                for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
            ],
            "signed_in_sessions": [
                {
                    "browser": browser_name(session.user_agent),
                    "user_agent": session.user_agent,
                    "ip_address": session.ip,
                    "started_at": _when(session.created_at),
                    "last_seen_at": _when(session.last_seen_at),
                }
                for session in UserSession.objects.filter(user=user).order_by("pk")
            ],
            "known_browsers": [
                {
                    "browser": known.browser,
                    "first_seen_at": _when(known.first_seen_at),
                    "last_seen_at": _when(known.last_seen_at),
                }
                for known in KnownBrowser.objects.filter(user=user).order_by("pk")
            ],
            "email_on_sign_in_from_a_new_browser": sign_in_alerts_on(user),
            "terms_agreed": [
                {"version": consent.version, "agreed_at": _when(consent.agreed_at)}
                for consent in TermsConsent.objects.filter(user=user).order_by("agreed_at")
            ],
        }
    )


def erase_account(erasure: Erasure) -> None:
    # The rows (addresses, authenticators, sessions, browsers, exports) go with the user; the session
    # store is separate, so end every session first: an old cookie then opens nothing.
    sessions = list(UserSession.objects.filter(user=erasure.user))
    for session in sessions:
        session._session_store(session.session_key).delete()
    # Audit entries about the account itself (created, edited in the admin) named it: they keep the
    # pseudonym instead. Entries the member made keep their user id, which DeletedAccount maps.
    user_type = ContentType.objects.get_for_model(erasure.user)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(erasure.user.pk)).update(label=erasure.pseudonym)
    LogEntry.objects.filter(content_type=user_type, object_id=str(erasure.user.pk)).update(
        object_repr=erasure.pseudonym
    )
