"""The published work profiles show (case studies, principles), supplied by the app that owns it.

Practices uses network (contributors are profiles), so network never imports practices: practices
registers its selectors here from its `apps.py ready()`, and network's selectors read them through
`published_work()`. Until something registers, every answer is empty and network works on its own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


def _no_pairs(ids=None, page_ids=None) -> Iterable[tuple[int, int]]:
    return []


@dataclass(frozen=True)
class PublishedWork:
    """Where network reads published work; each entry takes and returns plain values or querysets."""

    # Published principles in the editors' order (choices on the profile form, shown on profiles).
    principles: Callable[[], QuerySet] | None = None
    # Published case studies with what cards need, newest first (the network graph).
    case_studies: Callable[[], QuerySet] | None = None
    # Published case studies, newest first, that any of these profile ids contributed to.
    case_studies_by_contributors: Callable[[list[int]], QuerySet] | None = None
    # Published case studies, newest first, an organisation was involved in.
    case_studies_of_organisation: Callable[[object], QuerySet] | None = None
    # (profile id, case study id) pairs, optionally for some profile ids and/or case study ids only.
    contributor_links: Callable[..., Iterable[tuple[int, int]]] = _no_pairs
    # (organisation id, case study id) pairs, optionally for some organisations and/or case studies only.
    organisation_links: Callable[..., Iterable[tuple[int, int]]] = _no_pairs


_registered = PublishedWork()


def register_published_work(work: PublishedWork) -> None:
    """Tell network where published work comes from (called once, from the owning app's `ready()`)."""
    global _registered
    _registered = work


def published_work() -> PublishedWork:
    """What was registered, or empty answers when nothing was."""
    return _registered


def principles() -> QuerySet:
    """Published principles, or none when no app supplies them."""
    from portal.network.models import PractitionerProfile

    if _registered.principles is not None:
        return _registered.principles()
    return PractitionerProfile.principles.field.related_model.objects.none()


def case_studies() -> QuerySet | None:
    """Published case studies, or None when no app supplies them."""
    return _registered.case_studies() if _registered.case_studies is not None else None


def case_studies_by_contributors(profile_ids: list[int]) -> QuerySet | list:
    fetch = _registered.case_studies_by_contributors
    return fetch(profile_ids) if fetch is not None else []


def case_studies_of_organisation(organisation) -> QuerySet | list:
    fetch = _registered.case_studies_of_organisation
    return fetch(organisation) if fetch is not None else []


def contributor_links(profile_ids=None, page_ids=None) -> Iterable[tuple[int, int]]:
    """(profile id, case study id) pairs, of these profiles and/or these case studies only when given."""
    if page_ids is None:
        return _registered.contributor_links(profile_ids)
    return _registered.contributor_links(profile_ids, page_ids=page_ids)


def organisation_links(organisation_ids=None, page_ids=None) -> Iterable[tuple[int, int]]:
    """(organisation id, case study id) pairs, of these organisations and/or these case studies only when given."""
    if organisation_ids is None and page_ids is None:
        return _registered.organisation_links()
    return _registered.organisation_links(organisation_ids, page_ids=page_ids)
