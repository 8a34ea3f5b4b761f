"""Parts of the group page that other apps supply, such as the group's upcoming and past events.

Events sits beside groups and builds on it, so groups never imports events: events registers a
section here from its `apps.py ready()`. A section renders only for viewers who may see the group's
insides, and renders nothing when its context function answers None.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class GroupSection:
    name: str  # "events"
    template: str  # rendered with the context below plus `group` and `viewer`
    context: Callable[[object, object], dict | None]  # (group, viewer) -> context, or None to show nothing
    order: int = 0


_sections: dict[str, GroupSection] = {}


def register_section(section: GroupSection) -> None:
    """Add a part to every group page (called once, from the owning app's `ready()`)."""
    _sections[section.name] = section


def rendered_for(group, viewer) -> list[dict]:
    """Each registered section's HTML for this group and viewer, in order, leaving out empty ones."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(group, viewer)
        if context is None:
            continue
        html = render_to_string(section.template, {**context, "group": group, "viewer": viewer})
        if html.strip():
            rendered.append({"name": section.name, "html": mark_safe(html)})  # noqa: S308 (rendered by a template, escaped there)
    return rendered
