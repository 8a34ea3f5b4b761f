"""The groups members belong to, supplied by the groups app, for profiles, the directory and the graph.

Groups sits above network, so network never imports it: groups registers its selectors here from its
`apps.py ready()`. Every answer already applies the groups' privacy rule for the viewer (a private group
and its members are shown only to its members). Until something registers, every answer is empty.
"""

from collections.abc import Callable
from dataclasses import dataclass


def _nothing(*args, **kwargs) -> list:
    return []


@dataclass(frozen=True)
class Affiliations:
    # (user, viewer) -> [{"name", "url"}] of the groups the viewer may see the user in, by name.
    groups_of: Callable[..., list[dict]] = _nothing
    # viewer -> [(slug, name)] of the groups whose members the viewer may see (directory filter choices).
    group_choices: Callable[..., list[tuple[str, str]]] = _nothing
    # (slugs, viewer) -> user ids of the members of those groups that the viewer may see.
    member_ids: Callable[..., list[int]] = _nothing
    # viewer -> [({"id", "label", "url"}, [member user ids])] for the network graph.
    graph_groups: Callable[..., list[tuple[dict, list[int]]]] = _nothing


_registered = Affiliations()


def register_affiliations(affiliations: Affiliations) -> None:
    """Tell network where groups come from (called once, from the owning app's `ready()`)."""
    global _registered
    _registered = affiliations


def groups_of(user, viewer) -> list[dict]:
    return _registered.groups_of(user, viewer)


def group_choices(viewer) -> list[tuple[str, str]]:
    return _registered.group_choices(viewer)


def member_ids(slugs: list[str], viewer) -> list[int]:
    return _registered.member_ids(slugs, viewer)


def graph_groups(viewer) -> list[tuple[dict, list[int]]]:
    return _registered.graph_groups(viewer)
