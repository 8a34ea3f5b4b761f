"""A member's part in the review queue, for "Download my data" and "Delete my account" (portal.accounts):
the reports they made, what was queued of theirs, and their suspensions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry

from portal.accounts.registry import Erasure, MemberExport
from portal.moderation.models import QueueItem, Report, Suspension

FORMER_MEMBER_ITEM = "A contribution by a former member"


def _when(value):
    return value.isoformat() if value else None


def export_moderation(user) -> MemberExport:
    return MemberExport(
        data={
            "reports_made": [
                {"on": report.item.title, "reason": report.get_reason_display(), "note": report.note,
                 "reported_at": _when(report.created_at)}
                for report in Report.objects.filter(reporter=user).select_related("item").order_by("pk")
            ],
            "decisions_on_your_contributions": [
                {"on": item.title, "state": item.get_state_display(), "reason": item.get_removal_reason_display(),
                 "note": item.decision_note, "decided_at": _when(item.decided_at)}
                for item in QueueItem.objects.filter(author=user).exclude(state=QueueItem.State.PENDING).order_by("pk")
            ],
            "suspensions": [
                {"from": _when(row.starts_at), "until": _when(row.ends_at), "reason": row.reason,
                 "lifted_at": _when(row.lifted_at)}
                for row in Suspension.objects.filter(user=user).order_by("pk")
            ],
        }
    )  # fmt: skip


def erase_moderation(erasure: Erasure) -> None:
    """Items about the member's contributions lose the title that quoted their name; their own report notes
    go (the reason stays, unsigned); their suspension rows go with the account."""
    user = erasure.user
    theirs = QueueItem.objects.filter(Q(author=user) | Q(kind="moderation.account", object_id=str(user.pk)))
    ids = [str(pk) for pk in theirs.values_list("pk", flat=True)]
    theirs.update(title=FORMER_MEMBER_ITEM, author=None)
    # The audit log's entries name the item as it was titled then.
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(QueueItem), object_id__in=ids).update(
        label=FORMER_MEMBER_ITEM
    )
    Report.objects.filter(reporter=user).update(note="", reporter=None)
