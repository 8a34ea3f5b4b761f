"""The Content-Security-Policy header: django-csp's middleware with the admin's own policy and the host's socket."""

import contextlib
from contextvars import ContextVar

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, reverse

REPORT_GROUP = "csp"

# The request being answered, for the code that renders a trusted inline script without one at hand
# (form widgets, Wagtail's chooser widgets): see `current_nonce`.
_current_request: ContextVar = ContextVar("csp_current_request", default=None)


def current_nonce() -> str:
    """The nonce of the request being answered ("" outside a request); asking for it puts it in the header."""
    request = _current_request.get()
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


def report_path() -> str | None:
    """Where browsers send violation reports; None under a URL configuration without the endpoint."""
    try:
        return reverse("security:csp_report")
    except NoReverseMatch:
        return None


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


class PortalCSPMiddleware(CSPMiddleware):
    """Sets the public policy, or the admin's looser one under the admin prefixes, on every response.

    The policy is completed per request: `connect-src` gets this host's WebSocket origin (Channels
    serves live threads on the same host), and violations are reported to `/csp-report/` through
    both `report-uri` (Firefox, Safari) and the Reporting API's `report-to` (Chromium).
    """

    def process_request(self, request):
        super().process_request(request)
        request._csp_request_token = _current_request.set(request)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        # A preview (editor's panel, moderation) is rendered through a dummy request for the page's own
        # path, run through the whole middleware chain inside the admin's request; its header is the one
        # sent, so it gets the admin's policy, which lets the editor frame it.
        if parts.config is None and (is_admin_path(request.path_info) or getattr(request, "is_dummy", False)):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        try:
            host = request.get_host()
        except DisallowedHost:  # the 400 for a forged Host header gets the policy without a socket
            sockets = []
        else:
            sockets = [f"wss://{host}"] if request.is_secure() else [f"ws://{host}", f"wss://{host}"]
        parts.update = {**(parts.update or {}), "connect-src": sockets}
        if report_path() is not None:
            parts.update |= {"report-uri": [report_path()], "report-to": [REPORT_GROUP]}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if (token := getattr(request, "_csp_request_token", None)) is not None:
            # Set in another context (an async hop) it cannot be reset here; it ends with that context.
            with contextlib.suppress(ValueError):
                _current_request.reset(token)
        path = report_path()
        if path is not None and "Content-Security-Policy" in response and "Reporting-Endpoints" not in response:
            try:
                endpoint = request.build_absolute_uri(path)
            except DisallowedHost:
                return response
            response["Reporting-Endpoints"] = f'{REPORT_GROUP}="{endpoint}"'
        return response
