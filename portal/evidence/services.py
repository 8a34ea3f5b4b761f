"""What changes evidence packs: create, rename, delete, add and remove case studies, notes, sharing."""

from django.db import transaction
from django.utils import timezone

from portal.evidence import search_adapter, versions
from portal.evidence.models import CaseStudyChange, EvidencePack, PackItem, SavedSearch, new_token
from portal.practices.selectors import live_case_studies


class EvidenceError(ValueError):
    """A request we cannot carry out; the message is shown to the member."""


def _plain(text: str, limit: int) -> str:
    # Names and notes are plain text: control characters go, the template escapes the rest.
    return "".join(ch for ch in (text or "") if ch.isprintable() or ch in "\n\t").strip()[:limit]


def _touch(pack: EvidencePack) -> None:
    pack.updated_at = timezone.now()
    pack.save(update_fields=["updated_at"])


@transaction.atomic
def create_pack(*, owner, name: str) -> EvidencePack:
    """Start a private evidence pack."""
    name = _plain(name, 120)
    if not name:
        raise EvidenceError("Give the evidence pack a name.")
    return EvidencePack.objects.create(owner=owner, name=name)


@transaction.atomic
def rename_pack(*, pack: EvidencePack, name: str) -> EvidencePack:
    """Give a pack a new name."""
    name = _plain(name, 120)
    if not name:
        raise EvidenceError("Give the evidence pack a name.")
    pack.name = name
    pack.updated_at = timezone.now()
    pack.save(update_fields=["name", "updated_at"])
    return pack


@transaction.atomic
def delete_pack(*, pack: EvidencePack) -> None:
    """Delete a pack and its notes (the case studies stay)."""
    pack.delete()


@transaction.atomic
def add_case_study(*, pack: EvidencePack, case_study_id: int, note: str = "") -> PackItem:
    """Put a published case study in a pack (again: update its note)."""
    case_study = live_case_studies().filter(pk=case_study_id).first()
    if case_study is None:
        raise EvidenceError("That case study is not published.")
    item, created = PackItem.objects.get_or_create(
        pack=pack, case_study=case_study, defaults={"note": _plain(note, 2000)}
    )
    if not created and note:
        item.note = _plain(note, 2000)
        item.save(update_fields=["note"])
    _touch(pack)
    return item


@transaction.atomic
def set_note(*, pack: EvidencePack, case_study_id: int, note: str) -> PackItem:
    """Write the member's note on a case study in their pack."""
    item = PackItem.objects.filter(pack=pack, case_study_id=case_study_id).first()
    if item is None:
        raise EvidenceError("That case study is not in this pack.")
    item.note = _plain(note, 2000)
    item.save(update_fields=["note"])
    _touch(pack)
    return item


@transaction.atomic
def remove_case_study(*, pack: EvidencePack, case_study_id: int) -> None:
    """Take a case study out of a pack."""
    PackItem.objects.filter(pack=pack, case_study_id=case_study_id).delete()
    _touch(pack)


@transaction.atomic
def share_pack(*, pack: EvidencePack) -> EvidencePack:
    """Give a pack a secret link anyone holding it can read (a new one each time)."""
    pack.share_token = new_token()
    pack.save(update_fields=["share_token"])
    return pack


@transaction.atomic
def stop_sharing(*, pack: EvidencePack) -> EvidencePack:
    """Revoke a pack's secret link: it answers 404 from now on."""
    pack.share_token = None
    pack.save(update_fields=["share_token"])
    return pack


# --- saved searches --------------------------------------------------------------------------------

MAX_SAVED_SEARCHES = 100


@transaction.atomic
def save_search(*, owner, name: str, params) -> SavedSearch:
    """Save a search (its query and filters, from query parameters) under a name, with a private feed."""
    name = _plain(name, 120)
    if not name:
        raise EvidenceError("Give the saved search a name.")
    try:
        request = search_adapter.parse(params, paged=False)
    except search_adapter.BadSearchRequest as error:
        raise EvidenceError(str(error)) from None
    if not (request.q or request.filters):
        raise EvidenceError("Search for something first: an empty search finds everything.")
    if SavedSearch.objects.filter(owner=owner).count() >= MAX_SAVED_SEARCHES:
        raise EvidenceError(f"You can keep up to {MAX_SAVED_SEARCHES} saved searches; delete one first.")
    return SavedSearch.objects.create(
        owner=owner, name=name, query=request.q, filters=request.filters, feed_token=new_token()
    )


@transaction.atomic
def rename_saved_search(*, saved_search: SavedSearch, name: str) -> SavedSearch:
    """Give a saved search a new name."""
    name = _plain(name, 120)
    if not name:
        raise EvidenceError("Give the saved search a name.")
    saved_search.name = name
    saved_search.save(update_fields=["name"])
    return saved_search


@transaction.atomic
def delete_saved_search(*, saved_search: SavedSearch) -> None:
    """Forget a saved search, its alerts and its feed."""
    saved_search.delete()


@transaction.atomic
def renew_feed(*, saved_search: SavedSearch) -> SavedSearch:
    """A new secret feed address; the old one answers 404 from now on."""
    saved_search.feed_token = new_token()
    saved_search.save(update_fields=["feed_token"])
    return saved_search


@transaction.atomic
def revoke_feed(*, saved_search: SavedSearch) -> SavedSearch:
    """Turn the private feed off: its address answers 404."""
    saved_search.feed_token = None
    saved_search.save(update_fields=["feed_token"])
    return saved_search


def note_case_study_change(*, case_study, revision) -> CaseStudyChange | None:
    """Queue a publication for the alert job when it is news: a first publication, or a change to what alerts name."""
    if revision is None:
        return None
    previous = versions.previous_published_content(case_study, revision.pk)
    if previous is None:
        return CaseStudyChange.objects.create(
            case_study_id=case_study.pk, revision_id=revision.pk, is_first_publication=True
        )
    changed = [name for name in versions.changed_fields(previous, revision.content) if name in versions.ALERTING_FIELDS]
    if not changed:
        return None
    return CaseStudyChange.objects.create(case_study_id=case_study.pk, revision_id=revision.pk, changed_fields=changed)
