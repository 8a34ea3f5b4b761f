"""A member's saved searches and evidence packs, for "Download my data" and "Delete my account" (portal.accounts).

The recorded search terms (`SearchRecord`) carry no user, so there is nothing of a member's in them."""

from portal.accounts.registry import Erasure, MemberExport
from portal.evidence.models import EvidencePack, SavedSearch


def export_evidence(user) -> MemberExport:
    packs = EvidencePack.objects.filter(owner=user).prefetch_related("items__case_study").order_by("pk")
    return MemberExport(
        data={
            "saved_searches": [
                {"name": saved.name, "query": saved.query, "filters": saved.filters,
                 "created_at": saved.created_at.isoformat()}
                for saved in SavedSearch.objects.filter(owner=user).order_by("pk")
            ],
            "evidence_packs": [
                {"name": pack.name, "shared": bool(pack.share_token), "created_at": pack.created_at.isoformat(),
                 "items": [{"case_study": item.case_study.title, "note": item.note} for item in pack.items.all()]}
                for pack in packs
            ],
        }
    )  # fmt: skip


def erase_evidence(erasure: Erasure) -> None:
    # Their alerts' hits and pack items go with them; shared pack links stop working.
    SavedSearch.objects.filter(owner=erasure.user).delete()
    EvidencePack.objects.filter(owner=erasure.user).delete()
