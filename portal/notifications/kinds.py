"""The registry of notification kinds: each app registers its own kinds from its `apps.py ready()`."""

from dataclasses import dataclass

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

    def __post_init__(self):
        if self.default_delivery not in DELIVERIES:
            raise ValueError(f"{self.name}: default_delivery must be one of {', '.join(DELIVERIES)}")


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
