"""Reads of evidence packs: a member's packs, one pack's published case studies, in chunks for exports."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portal.evidence.citations import Citation, site_name
from portal.evidence.models import EvidencePack, PackItem
from portal.practices.selectors import live_case_studies, live_principles, principle_profile

EXPORT_CHUNK = 200


def _published_ids():
    # An unpublished (or private) case study drops out of every pack without an error.
    return live_case_studies().order_by().values("pk")


def packs_of(user):
    """A member's packs, newest change first, with how many published case studies each holds."""
    return EvidencePack.objects.filter(owner=user).annotate(
        item_count=Count("items", filter=Q(items__case_study__in=_published_ids()))
    )


def pack_of(user, pack_id):
    """One of a member's own packs, or None."""
    return EvidencePack.objects.filter(owner=user, pk=pack_id).first()


def shared_pack(token: str):
    """The pack a secret link opens, or None when the link is wrong or revoked."""
    if not token or len(token) > 64:
        return None
    return EvidencePack.objects.filter(share_token=token).select_related("owner").first()


def pack_items(pack: EvidencePack):
    """The pack's published case studies in the order they were added, each with its note."""
    return (
        PackItem.objects.filter(pack=pack, case_study__in=_published_ids())
        .select_related("case_study", "case_study__service_area", "case_study__region")
        .order_by("added_at", "pk")
    )


def item_count(pack: EvidencePack) -> int:
    """How many published case studies a pack holds."""
    return pack_items(pack).count()


def packs_holding(user, case_study_id: int) -> set[int]:
    """Ids of a member's packs that already hold this case study."""
    return set(PackItem.objects.filter(pack__owner=user, case_study_id=case_study_id).values_list("pack_id", flat=True))


def pack_entries(pack: EvidencePack, limit: int | None = None) -> Iterator[dict]:
    """Each published case study of a pack with what exports and the brief need, read in chunks.

    Yields {"item", "case_study", "profile", "measures"}; a chunk of EXPORT_CHUNK items costs a fixed
    number of queries, so a pack of any size streams in constant memory.
    """
    principles = list(live_principles())
    items = pack_items(pack).prefetch_related(
        "case_study__principle_applications__principle",
        "case_study__impact_measures",
        "case_study__contributors",
        "case_study__organisation_links__organisation",
    )
    remaining = limit if limit is not None else float("inf")
    last = None
    while remaining > 0:
        chunk = items
        if last is not None:
            chunk = chunk.filter(Q(added_at__gt=last.added_at) | Q(added_at=last.added_at, pk__gt=last.pk))
        size = int(min(EXPORT_CHUNK, remaining))
        rows = list(chunk[:size])
        for item in rows:
            yield {
                "item": item,
                "case_study": item.case_study,
                "profile": principle_profile(item.case_study, principles),
                "measures": list(item.case_study.impact_measures.all()),
            }
        if len(rows) < size:
            return
        remaining -= len(rows)
        last = rows[-1]


def citation_for(case_study, *, absolute, accessed, revision_id=None, published_at=None) -> Citation:
    """How to cite one published version of a case study (its live one unless another is given).

    `absolute` turns a path into a full address (request.build_absolute_uri in a request).
    """
    revision_id = revision_id or case_study.live_revision_id
    published_at = published_at or case_study.last_published_at or case_study.first_published_at
    issued = timezone.localdate(published_at) if published_at else accessed
    path = (
        reverse("evidence:case_study_version", args=[case_study.pk, revision_id]) if revision_id else case_study.url
    )
    return Citation(
        key=f"coproduction-{case_study.pk}-{issued.isoformat()}",
        title=case_study.title,
        authors=tuple(contributor.name for contributor in case_study.contributors.all()),
        organisations=tuple(link.organisation.name for link in case_study.organisation_links.all()),
        issued=issued,
        url=absolute(path),
        accessed=accessed,
        publisher=site_name(),
        licence=licence_of(case_study),
        abstract=case_study.summary,
    )


def licence_of(case_study) -> str:
    """The licence a case study is published under, as its name."""
    return case_study.get_licence_display() if case_study.licence else ""
