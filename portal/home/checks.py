"""Deployment checks (`manage.py check --deploy`): the public base URL must be the site's real address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@checks.register(checks.Tags.security, deploy=True)
def check_public_base_url(app_configs, **kwargs):
    parts = urlsplit(settings.PORTAL_BASE_URL)
    problems = []
    if parts.hostname in LOCAL_HOSTS or parts.scheme != "https":
        problems.append(
            checks.Warning(
                f"PORTAL_BASE_URL is {settings.PORTAL_BASE_URL!r}: links in emails, feeds, the API and the sitemap "
                "would not reach the site.",
                hint="Set PORTAL_BASE_URL to the site's public https address, e.g. https://portal.example.org.",
                id="portal.W001",
            )
        )
    if parts.path not in ("", "/") or parts.query:
        problems.append(
            checks.Error(
                "PORTAL_BASE_URL must be a scheme, host and optional port, without a path.",
                id="portal.E001",
            )
        )
    return problems
