"""A member's part in the review queue, for "Download my data" and "Delete my account" (portal.accounts):
the reports they made, what was queued of theirs, and their suspensions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry

from portal.accounts.registry import Erasure, MemberExport
from portal.moderation.models import BulkDecision, QueueItem, Report, Suspension, TakedownRequest

FORMER_MEMBER_ITEM = "A contribution by a former member"


def _when(value):
    return value.isoformat() if value else None


def _addresses(user) -> list[str]:
    """Every address the member has used: take-down requests are matched by address (anyone may send one)."""
    addresses = {address.lower() for address in user.emailaddress_set.values_list("email", flat=True)}
    return sorted(addresses | ({user.email.lower()} if user.email else set()))


def _takedowns_by(user):
    query = Q(pk__in=[])
    for address in _addresses(user):
        query |= Q(email__iexact=address)
    return TakedownRequest.objects.filter(query)


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
            "takedown_requests": [
                {"page": request.page_url, "reason": request.get_reason_display(), "details": request.details,
                 "name": request.name, "email": request.email, "sent_at": _when(request.created_at),
                 "outcome": request.get_outcome_display(), "decided_at": _when(request.decided_at)}
                for request in _takedowns_by(user).order_by("pk")
            ],
            # As a moderator: which items they decided, by id only (the items are other members' data).
            "queue_items_you_decided": list(
                QueueItem.objects.filter(decided_by=user).order_by("pk").values_list("pk", flat=True)
            ),
            "bulk_decisions_you_made": [
                {"id": row.pk, "action": row.get_action_display(), "items": row.item_ids,
                 "made_at": _when(row.created_at)}
                for row in BulkDecision.objects.filter(moderator=user).order_by("pk")
            ],
        }
    )  # fmt: skip


def erase_moderation(erasure: Erasure) -> None:
    """Items about the member's contributions lose the title that quoted their name; their own report notes
    go (the reason stays, unsigned); take-down requests from their addresses lose the name and address;
    their suspension rows go with the account."""
    user = erasure.user
    theirs = QueueItem.objects.filter(Q(author=user) | Q(kind="moderation.account", object_id=str(user.pk)))
    ids = [str(pk) for pk in theirs.values_list("pk", flat=True)]
    theirs.update(title=FORMER_MEMBER_ITEM, author=None)
    # The audit log's entries name the item as it was titled then.
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(QueueItem), object_id__in=ids).update(
        label=FORMER_MEMBER_ITEM
    )
    Report.objects.filter(reporter=user).update(note="", reporter=None)
    # Take-down requests they sent stay as the record of what was asked and decided, without who asked.
    _takedowns_by(user).update(name="", email="")
    # As a moderator their decisions stay (the audit log keeps a pseudonymous id); the links to them go.
    QueueItem.objects.filter(decided_by=user).update(decided_by=None)
    BulkDecision.objects.filter(moderator=user).update(moderator=None)
    Suspension.objects.filter(moderator=user).update(moderator=None)
