"""allauth's MFA adapter, with passkeys bound to the portal's public host name."""

import ipaddress
from urllib.parse import urlsplit

from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings


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
