"""What changes evidence packs: create, rename, delete, add and remove case studies, notes, sharing."""

from django.db import transaction
from django.utils import timezone

from portal.evidence.models import EvidencePack, PackItem, new_token
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
