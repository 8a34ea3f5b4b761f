"""The registry of notification kinds: each app registers its own kinds from its `apps.py ready()`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DELIVERIES = ("immediate", "daily", "weekly", "site", "off")


@dataclass(frozen=True)
class Kind:
    """One kind of notification an app sends, such as "a new comment in a thread you follow".

    `title` and `text` are Django template strings rendered with the `context` given to `notify()`
    (plus `actor_name`); `email_template` names a pair of templates, `<email_template>.txt` and
    `<email_template>.html`, that extend the notifications app's branded email layout.
    """

    name: str
    label: str
    description: str = ""
    default_delivery: str = "immediate"
    email_template: str = "notifications/email/notification"
    title: str = "{{ title }}"
    text: str = "{{ text }}"
    # Who is offered a choice for this kind on the settings page (None: every member), for kinds only
    # some members ever receive, such as the moderators' take-down notices. Takes the user.
    audience: Callable[[Any], bool] | None = None

    def offered_to(self, user) -> bool:
        """Whether this member's settings page lists the kind."""
        return self.audience is None or bool(self.audience(user))

    def __post_init__(self):
        if self.default_delivery not in DELIVERIES:
            raise ValueError(f"{self.name}: default_delivery must be one of {', '.join(DELIVERIES)}")


# The title and text of the kinds that tell a member the editors declined something they proposed (a group,
# an organisation), with `what` and `name` of it and, when given, the moderator's `reason` and `note`.
PROPOSAL_DECLINED_TITLE = "Your proposed {{ what }} “{{ name }}” was not approved"
PROPOSAL_DECLINED_TEXT = "{% if reason %}Why: {{ reason }}.{% endif %}{% if note %} {{ note }}{% endif %}"

_registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make a kind known (idempotent for the same kind, an error for a different one under a taken name)."""
    existing = _registry.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"Another notification kind is already registered as {kind.name!r}")
    _registry[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    """The registered kind of this name; LookupError when no app registered it."""
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No notification kind {name!r} is registered") from None


def kinds() -> list[Kind]:
    """Every registered kind, by label."""
    return sorted(_registry.values(), key=lambda kind: kind.label)


# Filters other apps register (network: blocks) so that no member hears of someone they keep away from.
# Each takes the actor's id and the recipients' ids and returns the ids to leave out.
_recipient_filters: list = []


def register_recipient_filter(function) -> None:
    """Leave out, for every kind, the recipients `function(actor_id, user_ids)` names (idempotent)."""
    if function not in _recipient_filters:
        _recipient_filters.append(function)


def recipients_to_skip(actor_id: int, user_ids) -> set[int]:
    """The recipients any registered filter leaves out for this actor."""
    user_ids = list(user_ids)
    skipped: set[int] = set()
    for function in _recipient_filters:
        skipped |= set(function(actor_id, user_ids))
    return skipped


# Visibility checks other apps register per kind: a notification about something its member can no longer
# see (a removed comment, a topic of a group they left, a cancelled event) is not shown, counted or emailed.
# Each check takes a list of that kind's notifications (any members') and returns the ids to hide, in a
# fixed number of queries for the whole list.
_visibility_checks: dict[str, object] = {}


def register_visibility_check(kind_names, function) -> None:
    """Hide the notifications of these kinds for which `function(notifications)` returns the id."""
    for name in kind_names:
        _visibility_checks[name] = function


def checked_kind_names() -> list[str]:
    """The kinds whose notifications a visibility check may hide."""
    return sorted(_visibility_checks)


def hidden_notification_ids(notifications) -> set[int]:
    """The ids among these notifications that their members can no longer see: one call per kind."""
    by_kind: dict[str, list] = {}
    for notification in notifications:
        if notification.kind in _visibility_checks:
            by_kind.setdefault(notification.kind, []).append(notification)
    hidden: set[int] = set()
    for name, items in by_kind.items():
        hidden |= set(_visibility_checks[name](items))
    return hidden


@dataclass(frozen=True)
class SettingsSection:
    """A part of the one notification settings page that another app owns (discussions: followed threads).

    `form` is a form class taking `(user, data=None)` with a `save()` method; `template` renders it with
    `form` and `section` in its context. Saved together with the kinds' choices, under one confirmation.
    """

    name: str
    form: type
    template: str
    order: int = 0


_sections: dict[str, SettingsSection] = {}


def register_settings_section(section: SettingsSection) -> SettingsSection:
    """Add a section to the settings page (idempotent under the same name)."""
    _sections[section.name] = section
    return section


def settings_sections() -> list[SettingsSection]:
    """Every registered settings section, in order."""
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))
