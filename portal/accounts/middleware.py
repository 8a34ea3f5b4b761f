"""The admin asks for a second factor first; a browser a member signed in from gets its cookie."""

import time
from urllib.parse import urlencode

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from portal.accounts.selectors import has_second_factor, may_open_admin, needs_second_factor_for_admin
from portal.accounts.services import BROWSER_COOKIE, BROWSER_COOKIE_AGE, LAST_SEEN_EVERY_SECONDS, LAST_SEEN_KEY

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class AdminAccessMiddleware:
    """Editors, moderators and superusers without a second factor are taken to set one up; a signed-in
    member who may not use the admin gets a 403 (sending them to sign in again would loop)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIXES) or not request.user.is_authenticated:
            return self.get_response(request)
        if not may_open_admin(request.user, request.path):
            raise PermissionDenied("Your account cannot open the admin.")
        if needs_second_factor_for_admin(request.user) and not has_second_factor(request.user):
            messages.warning(
                request,
                "The admin needs a second factor: set up an authenticator app or a passkey, then open it again.",
            )
            return redirect(reverse("mfa_index") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


class SessionActivityMiddleware:
    """Notes when a signed-in session was last used, for the sessions page: at most one write every few
    minutes (allauth's own tracking writes on every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and session.session_key and user is not None and user.is_authenticated:
            now = time.time()
            if now - session.get(LAST_SEEN_KEY, 0) > LAST_SEEN_EVERY_SECONDS:
                session[LAST_SEEN_KEY] = now
                UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
        return self.get_response(request)


class BrowserCookieMiddleware:
    """Sets the cookie that lets the next sign-in from this browser be recognised (signals.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "new_browser_token", None)
        if token:
            response.set_cookie(
                BROWSER_COOKIE,
                token,
                max_age=BROWSER_COOKIE_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
