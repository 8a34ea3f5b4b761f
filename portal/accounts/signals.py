"""Sign-ins: remember the browser, and tell the member when it is one their account has not used.

allauth's own signal, sent once a member has passed every stage of its sign-in (password, second factor,
passkey), not Django's, which a session made by code (a test's force_login) sends too.
"""

import time

from allauth.account.signals import user_logged_in

from portal.accounts import services


def on_signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    # allauth's UserSession was just created with this moment as its last use.
    request.session[services.LAST_SEEN_KEY] = time.time()
    token = services.record_sign_in(
        user=user,
        browser_token=request.COOKIES.get(services.BROWSER_COOKIE, ""),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if token:
        # BrowserCookieMiddleware puts it on the response.
        request.new_browser_token = token


def connect() -> None:
    user_logged_in.connect(on_signed_in, dispatch_uid="accounts-signed-in")
