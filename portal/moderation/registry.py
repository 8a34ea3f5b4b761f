"""What the review queue knows of other apps: each registers its kinds of queue item from its `apps.py
ready()`, how to show an author's activity, and what a suspension changes in it. The queue imports no
feature app; without a registration it simply has nothing of that kind."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueKind:
    """One kind of object that can wait in the queue, such as "a comment" or "a take-down request".

    `model` is "app_label.model". `describe(obj)` gives what the item page shows in context: a dict with
    `heading`, `text` and optionally `context` (a list of (label, text) pairs shown before the text), all
    plain text (the page escapes it). `link(obj)` is the path of the object in place ("" when none).
    `approve`, `remove` and `dismiss` take (obj, moderator) and change the object; None leaves that
    action out for this kind. `on_report(obj, reporter, open_reports)` runs after a member's new report (the auto-hide).
    `reportable(object_id)` returns the object members may report, or None.
    """

    name: str
    label: str
    model: str
    describe: Callable
    link: Callable
    author: Callable = lambda obj: None
    approve: Callable | None = None
    remove: Callable | None = None
    remove_many: Callable | None = None  # (objs, moderator): set-based removal for bulk decisions
    dismiss: Callable | None = lambda obj, moderator: None
    on_report: Callable = lambda obj, reporter, open_reports: None
    reportable: Callable | None = None
    approve_label: str = "Approve"
    remove_label: str = "Remove"
    dismiss_label: str = "Dismiss the reports"
    tells_author: bool = True  # a removal is explained to the author through notify()

    def offers(self, action: str) -> bool:
        return getattr(self, action, None) is not None


_kinds: dict[str, QueueKind] = {}
_activity: dict[str, Callable] = {}
_suspension_handlers: list[tuple[Callable, Callable]] = []


def register(kind: QueueKind) -> QueueKind:
    """Make a kind of queue item known (idempotent for the same kind, an error for another under its name)."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"Another queue kind is already registered as {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get_kind(name: str) -> QueueKind:
    """The registered kind of this name; LookupError otherwise."""
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No queue kind {name!r} is registered") from None


def kinds() -> list[QueueKind]:
    """Every registered kind, by label."""
    return sorted(_kinds.values(), key=lambda kind: kind.label)


def register_activity(label: str, count: Callable) -> None:
    """Show, on every item page, how much of something its author has made: `count(user) -> int`."""
    _activity[label] = count


def activity_of(user) -> list[tuple[str, int]]:
    """(label, count) for each registered kind of activity of this member."""
    return [(label, count(user)) for label, count in sorted(_activity.items())]


def register_suspension_handler(*, suspend: Callable, lift: Callable) -> None:
    """Let an app follow suspensions: `suspend(user, reason)` and `lift(user)` run in the same transaction."""
    if (suspend, lift) not in _suspension_handlers:
        _suspension_handlers.append((suspend, lift))


def suspension_handlers() -> list[tuple[Callable, Callable]]:
    return list(_suspension_handlers)
