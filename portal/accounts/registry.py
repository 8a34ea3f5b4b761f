"""What each app holds about a member: one exporter and one eraser per app, registered in its `ready()`.

This module imports no other portal app, so every app may register here; `services.py` runs them all
for "Download my data" and "Delete my account".
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class MemberExport:
    """One app's part of a member's data: JSON-ready records and the files to put beside them."""

    data: dict | list
    # (name inside the archive, an open-able Django file), e.g. ("avatar.jpg", profile.avatar)
    files: list[tuple[str, object]] = field(default_factory=list)


@dataclass
class Erasure:
    """One account being deleted, handed to every eraser in turn."""

    user: object
    pseudonym: str
    keep_comment_text: bool = False
    # Facts an eraser leaves for the deletion record, e.g. {"suspended_at": ..., "suspension_reason": ...}.
    record: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MemberDataHandler:
    name: str  # the JSON file in the archive, e.g. "network" -> network.json
    export: Callable[[object], MemberExport]
    erase: Callable[[Erasure], None]
    # Erasers run from low to high: what points at a profile goes before the profile itself.
    order: int = 100


_handlers: dict[str, MemberDataHandler] = {}


def register(name: str, *, export: Callable, erase: Callable, order: int = 100) -> None:
    """Register an app's exporter and eraser under `name` (again under the same name replaces it)."""
    _handlers[name] = MemberDataHandler(name=name, export=export, erase=erase, order=order)


def handlers() -> list[MemberDataHandler]:
    return sorted(_handlers.values(), key=lambda handler: (handler.order, handler.name))
