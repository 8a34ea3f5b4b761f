"""The one way Markdown written by members becomes HTML: rendered, then sanitised with nh3."""

import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Members' Markdown as HTML that carries no script, style, event handler or foreign scheme."""
    html = markdown.markdown(text or "", extensions=["fenced_code", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 on the line above


# "@handle": a member's public profile slug, never a username. Not part of an address, a path or a word.
MENTION_PATTERN = re.compile(r"(?<![\w@/.\-])@([a-z0-9](?:[a-z0-9_-]{0,118}[a-z0-9])?)(?![\w-])", re.IGNORECASE)
_NO_MENTIONS_INSIDE = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")


def _text_outside_links_and_code(html: str):
    """Yield (is_text_outside, part) for each tag or text run of sanitised HTML."""
    depth = 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _NO_MENTIONS_INSIDE:
                depth += -1 if part.startswith("</") else 1
            yield False, part
        else:
            yield depth <= 0, part


def handles_in(text: str) -> list[str]:
    """The distinct handles a comment mentions (not inside links or code), lowercase, in order of appearance."""
    found = []
    for is_text, part in _text_outside_links_and_code(render_markdown(text)):
        if is_text:
            found.extend(match.group(1).lower() for match in MENTION_PATTERN.finditer(part))
    return list(dict.fromkeys(found))


def render_comment(text: str, mention_urls: dict[str, str] | None = None) -> SafeString:
    """A comment's Markdown as sanitised HTML, each "@handle" of a known member a link to their profile
    (unknown handles stay plain text; nothing inside links or code changes)."""
    html = render_markdown(text)
    if not mention_urls:
        return html
    parts = [
        MENTION_PATTERN.sub(lambda match: _mention_link(match, mention_urls), part) if is_text else part
        for is_text, part in _text_outside_links_and_code(html)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - sanitised HTML; the links carry only known slugs and paths


def _mention_link(match, mention_urls: dict[str, str]) -> str:
    url = mention_urls.get(match.group(1).lower())
    if url is None:
        return match.group(0)
    return f'<a class="mention" href="{escape(url)}">{escape(match.group(0))}</a>'
