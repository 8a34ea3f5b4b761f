"""Absolute links to the running site, all made from the one setting PORTAL_BASE_URL."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(location: str) -> str:
    """`location` (a path, or a URL that is already absolute) as a full URL on the site's public address."""
    if not location or urlsplit(location).scheme:
        return location or ""
    return f"{settings.PORTAL_BASE_URL}/{location.lstrip('/')}"
