"""allauth's adapters: account emails in the portal's voice, passkeys bound to the portal's public host name."""

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse

from portal.accounts.selectors import browser_name
from portal.links import absolute_url
from portal.notifications.site import display_name, site_name


class PortalMFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The relying party is the site's public name (PORTAL_BASE_URL), not whatever Host a
        # request carried: passkeys made on it keep working behind any proxy, and an IP address (which
        # WebAuthn refuses) never becomes the id.
        entity = super().get_public_key_credential_rp_entity()
        host = urlsplit(settings.PORTAL_BASE_URL).hostname
        if host and not _is_ip_address(host):
            entity["id"] = host
        entity["name"] = settings.WAGTAIL_SITE_NAME
        return entity


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth's emails in the portal's voice: the site's name, the member's display name, links on PORTAL_BASE_URL."""

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.WAGTAIL_SITE_NAME}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, **account_email_context(email=email, user=context.get("user"))}
        context.pop("username", None)  # members sign in with their address; a username is never shown
        if "user_agent" in context:  # "Firefox on Windows", not the raw header
            context["user_agent"] = browser_name(context["user_agent"])
        for key, value in list(context.items()):
            # allauth builds its links from the request's host; every link a member gets is on the public address.
            if key.endswith("_url") and isinstance(value, str):
                context[key] = on_public_address(value)
        super().send_mail(template_prefix, email, context)


def account_email_context(*, email: str, user=None) -> dict[str, str]:
    """What every account email says: the site's name and address, the member's display name, their account page."""
    if user is None or not getattr(user, "pk", None):
        user = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = user.user if user is not None else None
    return {
        "site_name": site_name(),
        "site_url": absolute_url("/"),
        "account_url": absolute_url(reverse("accounts:overview")),
        "sessions_url": absolute_url(reverse("accounts:sessions")),
        "login_url": absolute_url(reverse("account_login")),
        "recipient_name": display_name(user) if user is not None else "",
    }


def on_public_address(url: str) -> str:
    """`url` (absolute on whatever host a request named, or a path) moved to the site's public address."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))
