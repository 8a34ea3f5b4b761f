"""Bad input stopped at the edge: control characters anywhere a client can put text.

PostgreSQL refuses NUL in text (psycopg raises, the view answers 500) and other control
characters have no business in a URL, a form field, a cookie or a socket message: they
hide text in logs and terminals. Tab, line feed and carriage return stay allowed in bodies
(a textarea sends them); nothing else below U+0020, nor DEL, nor a lone surrogate (only JSON's
\\u escapes can make one, and PostgreSQL cannot store it).
"""

import json
import re
from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

# Everything below U+0020 except tab, LF, CR; DEL; lone surrogates.
_BODY_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# URLs and file names carry no line breaks or tabs at all.
_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")

JSON_CONTENT_TYPES = ("application/json",)
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = "The request contains a control character (such as NUL) in {where}; remove it and try again."


def has_control_characters(value, *, multiline: bool = True) -> bool:
    """True when `value` (a string, or lists and dicts of them, keys included) holds a forbidden character."""
    pattern = _BODY_FORBIDDEN if multiline else _LINE_FORBIDDEN
    if isinstance(value, str):
        return pattern.search(value) is not None
    if isinstance(value, dict):
        return any(
            has_control_characters(k, multiline=multiline) or has_control_characters(v, multiline=multiline)
            for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return any(has_control_characters(item, multiline=multiline) for item in value)
    return False


def _query_dict_has_control_characters(query, *, multiline: bool) -> bool:
    return any(
        has_control_characters(key, multiline=False) or has_control_characters(values, multiline=multiline)
        for key, values in query.lists()
    )


def drop_bad_cookies(request) -> None:
    """Forget cookies holding a control character, as if never sent (a NUL session key is a 500 otherwise)."""
    bad = [name for name, value in request.COOKIES.items() if has_control_characters(name + value, multiline=False)]
    for name in bad:
        del request.COOKIES[name]


def bad_input_in(request) -> str | None:
    """Where in `request` a control character is, as words for the error page; None when it is clean."""
    if has_control_characters(request.path, multiline=False):
        return "the address"
    if _query_dict_has_control_characters(request.GET, multiline=True):
        return "the query string"
    content_type = request.content_type or ""
    if request.method in ("GET", "HEAD", "OPTIONS") and not request.META.get("CONTENT_LENGTH"):
        return None
    if content_type in FORM_CONTENT_TYPES:
        try:
            post = request.POST
        except MultiPartParserError:
            return None  # Django answers the malformed body itself
        if _query_dict_has_control_characters(post, multiline=True):
            return "a form field"
        # Uploaded files' names need nothing here: Django's multipart parser drops every non-printable character.
    elif content_type in JSON_CONTENT_TYPES:
        try:
            data = json.loads(request.body)
        except (UnicodeDecodeError, ValueError):
            return None  # not our concern here: the view refuses what it cannot parse
        if has_control_characters(data):
            return "the JSON body"
    return None


def bad_input_response(request, where: str):
    """The 400 page naming what was wrong for a browser; `{"error": ...}` (the API's shape) for any other client."""
    message = MESSAGE.format(where=where)
    if "text/html" in request.headers.get("Accept", "") and request.content_type not in JSON_CONTENT_TYPES:
        return render(request, "security/bad_input.html", {"message": message}, status=400)
    return JsonResponse({"error": message}, status=400)


class RejectControlCharactersMiddleware:
    """Answers 400 with a clear message before any view sees a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_bad_cookies(request)
        where = bad_input_in(request)
        if where is not None:
            # This runs before the session and authentication middleware: the page is rendered for a visitor.
            request.user = AnonymousUser()
            return bad_input_response(request, where)
        return self.get_response(request)


def text_frame_has_control_characters(text: str) -> bool:
    """A WebSocket text frame's own characters, or those its JSON escapes decode to, are forbidden."""
    if has_control_characters(text):
        return True
    try:
        return has_control_characters(json.loads(text))
    except ValueError:
        return False


class RejectControlCharactersWebSocket:
    """ASGI middleware for sockets: refuses a path with control characters and drops such messages.

    A dropped message is answered with `{"kind": "error", "message": ...}` and the socket stays open.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        if has_control_characters(scope.get("path", ""), multiline=False) or has_control_characters(
            unquote(scope.get("query_string", b"").decode("latin-1")), multiline=False
        ):
            message = await receive()  # websocket.connect
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 1008})
            return None

        async def clean_receive():
            while True:
                message = await receive()
                text = message.get("text") if message["type"] == "websocket.receive" else None
                if text is not None and text_frame_has_control_characters(text):
                    error = {"kind": "error", "message": MESSAGE.format(where="the message")}
                    await send({"type": "websocket.send", "text": json.dumps(error)})
                    continue
                return message

        return await self.app(scope, clean_receive, send)
