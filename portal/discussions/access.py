"""Which forums a reader may see, decided by the app that owns them (groups), not by discussions.

Forums are public. Groups sit above discussions and give each group a forum as private as the group:
groups registers its rule here from its `apps.py ready()`, and every read of topics and comments in
discussions (pages, the sitemap, the home page, search indexing, live sockets, notices) asks here.
Until something registers, every forum is public and discussions works on its own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ForumRule:
    # Ids of the forums whose topics this reader (a user, anonymous, or None) may not see.
    hidden_forum_ids: Callable[[object], Iterable[int]]
    # Ids of the users who may read a private forum's topics; None when the forum is public.
    reader_ids: Callable[[int], set[int] | None]
    # Whether this user may start topics in the forum (a group's forum: its members only).
    may_start_topics: Callable[[int, object], bool] = lambda forum_id, user: True


_rule: ForumRule | None = None


def register_forum_rule(rule: ForumRule) -> None:
    """Tell discussions who may read which forum (called once, from the owning app's `ready()`)."""
    global _rule
    _rule = rule


def hidden_forum_ids(user) -> list[int]:
    """Forums whose topics `user` may not see (None or anonymous: the public)."""
    return list(_rule.hidden_forum_ids(user)) if _rule is not None else []


def private_forum_ids() -> list[int]:
    """Forums hidden from the public: their topics stay out of search, the sitemap and public lists."""
    return hidden_forum_ids(None)


def can_read_forum(forum_id: int, user) -> bool:
    """Whether `user` may see the forum and its topics."""
    return forum_id not in hidden_forum_ids(user)


def may_start_topics(forum_id: int, user) -> bool:
    """Whether `user` may start a topic in the forum."""
    return _rule.may_start_topics(forum_id, user) if _rule is not None else True


def readers_only(forum_id: int, users) -> list:
    """Those of `users` who may read the forum (everyone when it is public)."""
    allowed = _rule.reader_ids(forum_id) if _rule is not None else None
    users = list(users)
    return users if allowed is None else [user for user in users if user.pk in allowed]
