"""What every notification says about the site and its members: the site's name, its base URL, display names."""

from django.conf import settings


def base_url() -> str:
    """The configured address of the running site, without a trailing slash (PORTAL_BASE_URL, else Wagtail's)."""
    url = getattr(settings, "PORTAL_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return url.rstrip("/")


def absolute_url(path: str) -> str:
    """A path on the site made absolute; an address that is already absolute is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + "/" + path.lstrip("/")


def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def display_name(user) -> str:
    """The name a member shows others: their profile's display name, else their full name, never a username."""
    if user is None:
        return ""
    profile_name = getattr(getattr(user, "profile", None), "display_name", "")
    return profile_name or user.get_full_name() or "A member"
