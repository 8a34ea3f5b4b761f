"""Reads for the review queue: the filtered list, counts for the dashboard, one item in context with its
reports, its history and its author's record."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from portal.moderation import registry
from portal.moderation.models import (
    BulkDecision,
    QueueItem,
    Reason,
    RemovalReason,
    Report,
    Suspension,
    stalled_before,
)

AGES = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}


def queue_items(*, state: str = QueueItem.State.PENDING, kind: str = "", reason: str = "", age: str = ""):
    """Queue items in a state, optionally of one kind, with an open report of one reason, and waiting
    longer than a day, week or month ("older than"); oldest waiting first."""
    items = QueueItem.objects.filter(state=state) if state else QueueItem.objects.all()
    if kind:
        items = items.filter(kind=kind)
    if reason:
        items = items.filter(pk__in=Report.objects.filter(reason=reason, dismissed_at__isnull=True).values("item_id"))
    if age in AGES:
        items = items.filter(opened_at__lte=timezone.now() - AGES[age])
    return items.select_related("author__profile").order_by("opened_at", "pk")


def with_reasons(items) -> list[QueueItem]:
    """The items with `open_reasons`: each open report's reason label with its count, in two queries."""
    items = list(items)
    counts = (
        Report.objects.filter(item__in=items, dismissed_at__isnull=True)
        .values("item_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("item_id", "reason")
    )
    by_item: dict[int, list] = {}
    for row in counts:
        by_item.setdefault(row["item_id"], []).append((Reason(row["reason"]).label, row["n"]))
    for item in items:
        item.open_reasons = by_item.get(item.pk, [])
        item.kind_label = _kind_label(item.kind)
    return items


def _kind_label(name: str) -> str:
    try:
        return registry.get_kind(name).label
    except LookupError:
        return name


def pending_counts() -> dict:
    """How many items wait, in all, per kind (label) and per open reason (label), for the dashboard."""
    pending = QueueItem.objects.filter(state=QueueItem.State.PENDING)
    by_kind = dict(pending.values_list("kind").annotate(n=Count("pk")).order_by())
    by_reason = dict(
        Report.objects.filter(item__state=QueueItem.State.PENDING, dismissed_at__isnull=True)
        .values_list("reason")
        .annotate(n=Count("item", distinct=True))
        .order_by()
    )
    return {
        "total": sum(by_kind.values()),
        "kinds": sorted((_kind_label(kind), n, kind) for kind, n in by_kind.items()),
        "reasons": sorted((Reason(reason).label, n, reason) for reason, n in by_reason.items()),
    }


def queue_item(item_id: int) -> QueueItem:
    """One item with its author, or 404."""
    return get_object_or_404(
        QueueItem.objects.select_related("author__profile", "decided_by", "content_type"), pk=item_id
    )


def item_object(item: QueueItem):
    """The object an item is about, or None when it is gone."""
    model = item.content_type.model_class()
    return model._default_manager.filter(pk=item.object_id).first() if model else None


def item_in_context(item: QueueItem) -> dict:
    """What the item page shows of the object: its kind, its description and its link in place."""
    try:
        spec = registry.get_kind(item.kind)
    except LookupError:
        return {"spec": None, "object": None, "described": {"heading": item.title, "text": ""}, "link": ""}
    obj = item_object(item)
    if obj is None:
        return {"spec": spec, "object": None, "described": {"heading": item.title, "text": ""}, "link": ""}
    return {"spec": spec, "object": obj, "described": spec.describe(obj), "link": spec.link(obj)}


def reports_of(item: QueueItem) -> list[Report]:
    """Every report on an item, oldest first, dismissed ones included."""
    return list(item.reports.select_related("reporter__profile").order_by("created_at", "pk"))


def history_of(item: QueueItem) -> list[dict]:
    """The item's audit-log entries, newest first, each with its message."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(QueueItem), object_id=str(item.pk)
    ).select_related("user__profile")
    return [
        {"entry": entry, "label": _action_label(entry.action), "message": entry.message}
        for entry in entries.order_by("-timestamp", "-pk")
    ]


def _action_label(action: str) -> str:
    try:
        return log_registry.get_action_label(action)
    except KeyError:
        return action


def author_record(user) -> dict | None:
    """What a moderator should know of an author: when they joined, what they have made, earlier decisions
    on their contributions and their suspensions."""
    if user is None:
        return None
    earlier = (
        QueueItem.objects.filter(author=user)
        .exclude(state=QueueItem.State.PENDING)
        .select_related("decided_by__profile")
        .order_by("-decided_at")[:10]
    )
    return {
        "user": user,
        "joined": user.date_joined,
        "is_active": user.is_active,
        "activity": registry.activity_of(user),
        "earlier": [_with_kind_label(item) for item in earlier],
        "removed_count": QueueItem.objects.filter(author=user, state=QueueItem.State.REMOVED).count(),
        "suspensions": list(Suspension.objects.filter(user=user).order_by("-starts_at")[:5]),
        "current_suspension": current_suspension(user),
    }


def _with_kind_label(item: QueueItem) -> QueueItem:
    item.kind_label = _kind_label(item.kind)
    return item


def current_suspension(user) -> Suspension | None:
    """The member's suspension in force, if any."""
    now = timezone.now()
    return (
        Suspension.objects.filter(user=user, lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-starts_at")
        .first()
    )


def reason_given(obj) -> tuple[str, str]:
    """The reason (in words) and note of the moderator who last removed or declined this object in the queue,
    for telling its author; ("", "") when none was given (decided in the object's own admin)."""
    item = (
        QueueItem.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), state=QueueItem.State.REMOVED
        )
        .order_by("-decided_at", "-pk")
        .first()
    )
    if item is None or not item.removal_reason:
        return "", ""
    reason = "" if item.removal_reason == RemovalReason.OTHER else RemovalReason(item.removal_reason).label
    return reason, item.decision_note


def bulk_decision_status(decision: BulkDecision) -> dict:
    """What the bulk decision's progress bar and its poller need."""
    return {
        "id": decision.pk,
        "state": decision.state,
        "state_label": "Stalled: no progress for a while" if decision.is_stalled else decision.get_state_display(),
        "stalled": decision.is_stalled,
        "finished": decision.is_finished,
        "percent": decision.percent,
        "total": decision.total,
        "processed": decision.position,
        "done": decision.done_count,
        "failed": decision.failed_count,
    }


def stalled_bulk_decisions():
    """Running bulk decisions with no progress for MODERATION_BULK_STALLED_AFTER seconds (their worker died)."""
    return BulkDecision.objects.annotate(last_progress=Coalesce("progressed_at", "started_at", "created_at")).filter(
        state=BulkDecision.State.RUNNING, last_progress__lt=stalled_before()
    )


def bulk_decision_failures(decision: BulkDecision) -> list[dict]:
    """Each item a bulk decision could not apply, with why, and the link to the item (still in the queue)."""
    return [{**failure, "title": failure.get("title") or f"Item {failure['item']}"} for failure in decision.failures]


def is_moderator(user) -> bool:
    """Whether this account decides on the review queue (the people `moderators()` lists)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("moderation.moderate"))


def moderators():
    """Active accounts that decide on the review queue (the permission through a group or their own, or
    superusers): who hears of take-down requests."""
    from django.contrib.auth import get_user_model

    permission = Q(content_type__app_label="moderation", codename="moderate")
    from django.contrib.auth.models import Permission

    granted = Permission.objects.filter(permission)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .distinct()
    )


def recent_bulk_decisions(*, limit: int = 5) -> list[BulkDecision]:
    """The latest bulk decisions the worker ran or runs, for the queue page to link to their progress."""
    return list(BulkDecision.objects.select_related("moderator__profile").order_by("-created_at", "-pk")[:limit])
