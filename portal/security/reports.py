"""Violation reports sent by browsers: parsed from either format, limited per client, logged."""

import json
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("portal.csp")

# report-uri sends {"csp-report": {...}} as application/csp-report; the Reporting API sends a
# list of {"type": "csp-violation", "body": {...}} as application/reports+json.
LOGGED_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effectiveDirective",
    "effective-directive",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "script-sample",
    "sample",
    "disposition",
)
MAX_FIELD_CHARS = 300
MAX_REPORTS_PER_BODY = 20


class ReportError(ValueError):
    """A body that is not a violation report."""


def parse_reports(body: bytes) -> list[dict]:
    """The violations in a report body, in either format, each cut to the fields worth logging."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReportError("The body is not JSON.") from exc
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        raw = [data["csp-report"]]
    elif isinstance(data, list):
        raw = [item.get("body") for item in data if isinstance(item, dict) and item.get("type") == "csp-violation"]
        raw = [item for item in raw if isinstance(item, dict)]
    else:
        raise ReportError("The body is not a CSP violation report.")
    return [
        {field: str(report[field])[:MAX_FIELD_CHARS] for field in LOGGED_FIELDS if field in report}
        for report in raw[:MAX_REPORTS_PER_BODY]
    ]


def allow_report_from(client: str) -> bool:
    """Count a report from `client` (an IP address); False once it sent its share for this window."""
    key = f"csp-report:{client}"
    window = settings.CSP_REPORT_RATE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ran out between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.CSP_REPORT_RATE_LIMIT


def log_violations(reports: list[dict], *, client: str) -> None:
    """One warning line per violation; `json.dumps` escapes control characters a report may carry."""
    for report in reports:
        logger.warning("CSP violation from %s: %s", client, json.dumps(report, sort_keys=True))
