"""What changes the review queue: reports and holds put objects in it, moderators decide on them (one or
many at once), suspend authors and lift suspensions; take-down requests arrive from the public form.

Every decision is written to Wagtail's audit log on the queue item, so the item page and the admin's
site history show who did what and when.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from portal.moderation import registry
from portal.moderation.models import (
    BulkDecision,
    QueueItem,
    Reason,
    RemovalReason,
    Report,
    Suspension,
    TakedownRequest,
)
from portal.notifications import services as notifications
from portal.notifications.site import display_name

REMOVED_KIND = "moderation.removed"
SUSPENDED_KIND = "moderation.suspended"
ACCOUNT_APPROVED_KIND = "moderation.account_approved"
TAKEDOWN_KIND = "moderation.takedown_received"
ACTIONS = ("approve", "remove", "dismiss")
DONE_STATE = {
    "approve": QueueItem.State.APPROVED,
    "remove": QueueItem.State.REMOVED,
    "dismiss": QueueItem.State.DISMISSED,
    "withdraw": QueueItem.State.WITHDRAWN,  # only through settle(): the author is gone, nobody decided
}


class ReportRefused(Exception):
    """Raised when a member may not report this object (their own, for one)."""


class AlreadyHandled(Exception):
    """Raised when another moderator decided on the item first."""

    def __init__(self, item: QueueItem):
        self.item = item
        who = _name(item.decided_by) or "another moderator"
        when = f" at {timezone.localtime(item.decided_at):%H:%M on %d %b %Y}" if item.decided_at else ""
        super().__init__(f"This item was already handled: {item.get_state_display().lower()} by {who}{when}.")


def _name(user) -> str:
    return display_name(user) if user is not None else ""


def _item_for(kind: registry.QueueKind, obj) -> QueueItem:
    # One item per object: created the first time, reopened when something new arrives after a decision.
    content_type = ContentType.objects.get_for_model(obj)
    defaults = {"kind": kind.name, "title": _title(kind, obj), "author": kind.author(obj)}
    try:
        with transaction.atomic():
            item, _ = QueueItem.objects.get_or_create(
                content_type=content_type, object_id=str(obj.pk), defaults=defaults
            )
    except IntegrityError:  # another request created it at the same moment
        item = QueueItem.objects.get(content_type=content_type, object_id=str(obj.pk))
    return QueueItem.objects.select_for_update().get(pk=item.pk)


def _title(kind: registry.QueueKind, obj) -> str:
    heading = kind.describe(obj).get("heading", "") or str(obj)
    return heading[:300]


def _reopen(item: QueueItem) -> None:
    if not item.is_pending:
        item.state = QueueItem.State.PENDING
        item.opened_at = timezone.now()
        item.decided_at = item.decided_by = None
        item.removal_reason, item.decision_note = "", ""


def _refresh_count(item: QueueItem) -> int:
    item.report_count = item.reports.filter(dismissed_at__isnull=True).count()
    item.save()
    return item.report_count


@transaction.atomic
def enqueue(*, kind: str, obj, reason: str, note: str = "", reporter=None) -> QueueItem:
    """Put an object in the queue for the portal's own reason (a hold, a request, a proposal)."""
    spec = registry.get_kind(kind)
    item = _item_for(spec, obj)
    _reopen(item)
    Report.objects.create(item=item, reason=reason, note=note[:1000], reporter=reporter)
    _refresh_count(item)
    log(item, "moderation.enqueue", user=reporter, data={"reason": reason})
    return item


@transaction.atomic
def report(*, kind: str, obj, reporter, reason: str, note: str = "") -> tuple[QueueItem, bool]:
    """A member reports an object with a reason; False when they had already reported it (nothing changes)."""
    spec = registry.get_kind(kind)
    author = spec.author(obj)
    if author is not None and reporter is not None and author.pk == reporter.pk:
        raise ReportRefused("You cannot report your own contribution.")
    if reason not in Reason.values:
        raise ReportRefused("Choose a reason for your report.")
    item = _item_for(spec, obj)
    if item.reports.filter(reporter=reporter, dismissed_at__isnull=True).exists():
        return item, False
    _reopen(item)
    Report.objects.create(item=item, reason=reason, note=note.strip()[:1000], reporter=reporter)
    open_reports = _refresh_count(item)
    log(item, "moderation.report", user=reporter, data={"reason": reason})
    spec.on_report(obj, reporter, open_reports)
    return item, True


def _object_of(item: QueueItem):
    model = item.content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=item.object_id).first()


def _tell_author(item: QueueItem, spec: registry.QueueKind, obj, moderator) -> None:
    if not spec.tells_author or item.author is None:
        return
    notifications.notify(
        kind=REMOVED_KIND,
        recipients=[item.author],
        target_url=spec.link(obj) if obj is not None else "",
        context={
            "item_label": spec.label.lower(),
            "item_title": item.title,
            "removal_reason": RemovalReason(item.removal_reason).label if item.removal_reason else "",
            "note": item.decision_note,
        },
        dedupe_key=f"moderation.removed:{item.pk}:{item.decided_at:%Y%m%d%H%M%S%f}",
    )


def _apply(item: QueueItem, action: str, moderator, removal_reason: str, note: str) -> None:
    spec = registry.get_kind(item.kind)
    if not spec.offers(action):
        raise ValueError(f"{spec.label} items cannot be given the action {action!r}")
    now = timezone.now()
    # Decided first, so that a feature service the kind calls (which also closes items decided in its own
    # admin, through settle()) finds the item already closed by this decision.
    item.state, item.decided_at, item.decided_by = DONE_STATE[action], now, moderator
    item.removal_reason = removal_reason if action == "remove" else ""
    item.decision_note = note.strip()[:2000]
    item.save()
    obj = _object_of(item)
    if obj is not None:
        getattr(spec, action)(obj, moderator)
    if action == "dismiss":
        item.reports.filter(dismissed_at__isnull=True).update(dismissed_at=now)
    if action == "remove":
        _tell_author(item, spec, obj, moderator)


def _check(action: str, removal_reason: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if action == "remove" and removal_reason not in RemovalReason.values:
        raise ValueError("Choose a reason for the removal: the author is told it.")


@transaction.atomic
def decide(*, item_id: int, action: str, moderator, removal_reason: str = "", note: str = "") -> QueueItem:
    """Approve, remove (telling the author why) or dismiss the reports of one item; AlreadyHandled when
    another moderator decided on it first."""
    _check(action, removal_reason)
    item = QueueItem.objects.select_for_update(of=("self",)).select_related("decided_by", "author").get(pk=item_id)
    if not item.is_pending:
        raise AlreadyHandled(item)
    _apply(item, action, moderator, removal_reason, note)
    log(item, f"moderation.{action}", user=moderator, data={"reason": item.removal_reason, "note": item.decision_note})
    return item


def settle(*, obj, action: str, moderator=None, where: str = "") -> QueueItem | None:
    """Close the waiting item of an object decided outside the queue (a proposal approved in its own admin,
    a comment removed from the comments list), with the audit entry a decision in the queue writes; the
    object itself is the caller's to change. None when nothing about it was waiting."""
    closed = settle_many(objs=[obj], action=action, moderator=moderator, where=where)
    return closed[0] if closed else None


@transaction.atomic
def settle_many(*, objs, action: str, moderator=None, where: str = "") -> list[QueueItem]:
    """settle() for several objects of one model at once (a bulk action in an app's own admin); the items
    it closed. Items the queue itself is deciding are closed already and left alone. Besides the queue's
    actions, "withdraw" closes items that no longer wait on anyone (a proposal whose proposer left)."""
    if action not in DONE_STATE:
        raise ValueError(f"Unknown action {action!r}")
    objs = list(objs)
    if not objs:
        return []
    items = list(
        QueueItem.objects.select_for_update(of=("self",)).filter(
            content_type=ContentType.objects.get_for_model(objs[0]),
            object_id__in=[str(obj.pk) for obj in objs],
            state=QueueItem.State.PENDING,
        )
    )
    if not items:
        return []
    now, note = timezone.now(), where[:2000]
    ids = [item.pk for item in items]
    QueueItem.objects.filter(pk__in=ids).update(
        state=DONE_STATE[action], decided_at=now, decided_by=moderator, removal_reason="", decision_note=note
    )
    if action == "dismiss":
        Report.objects.filter(item_id__in=ids, dismissed_at__isnull=True).update(dismissed_at=now)
    _log_decisions(items, action=action, moderator=moderator, now=now, data={"reason": "", "note": note})
    return items


def _log_decisions(items: list[QueueItem], *, action: str, moderator, now, data: dict) -> None:
    item_type = ContentType.objects.get_for_model(QueueItem)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(content_type_id=item_type.pk, object_id=str(item.pk), label=str(item)[:255],
                      action=f"moderation.{action}", user=moderator, timestamp=now, data=data)
        for item in items
    )  # fmt: skip


def _decide_set(items: list[QueueItem], *, action: str, moderator, removal_reason: str, note: str, now) -> None:
    # One decision on pending items this transaction holds locked: set-based where the kind allows.
    by_kind: dict[str, list[QueueItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    specs = {kind: registry.get_kind(kind) for kind in by_kind}
    for spec in specs.values():
        if not spec.offers(action):
            raise ValueError(f"{spec.label} items cannot be given the action {action!r}")
    ids = [item.pk for item in items]
    QueueItem.objects.filter(pk__in=ids).update(
        state=DONE_STATE[action],
        decided_at=now,
        decided_by=moderator,
        removal_reason=removal_reason if action == "remove" else "",
        decision_note=note,
    )
    for kind, kind_items in by_kind.items():
        spec = specs[kind]
        objects = _objects_of(kind_items)
        if action == "remove" and spec.remove_many is not None:
            spec.remove_many(list(objects.values()), moderator)
        else:
            for obj in objects.values():
                getattr(spec, action)(obj, moderator)
    if action == "dismiss":
        Report.objects.filter(item_id__in=ids, dismissed_at__isnull=True).update(dismissed_at=now)
    data = {"reason": removal_reason if action == "remove" else "", "note": note, "bulk": True}
    _log_decisions(items, action=action, moderator=moderator, now=now, data=data)


@transaction.atomic
def decide_many(*, items, action: str, moderator, removal_reason: str = "", note: str = "") -> tuple[int, int]:
    """One decision on a few items in one transaction (all or nothing), set-based where the kind allows:
    (how many were decided, how many others were already handled or are being handled by someone else).
    An author whose contributions are removed gets one notice for all of them. More items than
    MODERATION_BULK_INLINE_LIMIT go to decide_in_background() instead."""
    _check(action, removal_reason)
    ids = list(items.values_list("pk", flat=True))
    claimed = list(
        QueueItem.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=ids, state=QueueItem.State.PENDING)
        .select_related("author", "content_type")
    )
    now = timezone.now()
    note = note.strip()[:2000]
    if claimed:
        _decide_set(claimed, action=action, moderator=moderator, removal_reason=removal_reason, note=note, now=now)
    if action == "remove":
        _tell_authors_of_bulk(claimed, removal_reason, note, key=f"bulk:{now:%Y%m%d%H%M%S%f}")
    return len(claimed), len(ids) - len(claimed)


def _objects_of(items: list[QueueItem]) -> dict:
    model = items[0].content_type.model_class()
    if model is None:
        return {}
    return model._default_manager.in_bulk([item.object_id for item in items])


def _tell_authors_of_bulk(items: list[QueueItem], removal_reason: str, note: str, *, key: str) -> None:
    by_author: dict[int, list[QueueItem]] = {}
    for item in items:
        if item.author is not None and registry.get_kind(item.kind).tells_author:
            by_author.setdefault(item.author_id, []).append(item)
    for author_items in by_author.values():
        count = len(author_items)
        first = author_items[0]
        label = registry.get_kind(first.kind).label.lower()
        notifications.notify(
            kind=REMOVED_KIND,
            recipients=[first.author],
            target_url="",
            context={
                "item_label": label if count == 1 else f"{label}s ({count})",
                "item_title": first.title if count == 1 else f"{first.title} and {count - 1} more",
                "removal_reason": RemovalReason(removal_reason).label,
                "note": note,
            },
            dedupe_key=f"moderation.removed:{key}:{first.author_id}",
        )


# Bulk decisions the worker applies ---------------------------------------------------------------------


@transaction.atomic
def decide_in_background(*, items, action: str, moderator, removal_reason: str = "", note: str = "") -> BulkDecision:
    """Record a decision on many items and queue it for the worker, which applies it in batches (see
    run_bulk_decision); the moderator follows it on its progress page."""
    from portal.moderation.tasks import run_bulk_decision

    _check(action, removal_reason)
    decision = BulkDecision.objects.create(
        action=action,
        removal_reason=removal_reason if action == "remove" else "",
        note=note.strip()[:2000],
        moderator=moderator,
        item_ids=list(items.order_by("opened_at", "pk").values_list("pk", flat=True)),
    )
    run_bulk_decision.enqueue(decision_id=decision.pk)
    return decision


def _problem(item: QueueItem) -> str:
    who = _name(item.decided_by) or "another moderator"
    when = f" at {timezone.localtime(item.decided_at):%H:%M on %d %b %Y}" if item.decided_at else ""
    return f"Already handled: {item.get_state_display().lower()} by {who}{when}."


def _run_batch(decision_id: int, batch: int) -> BulkDecision:
    # One batch in one transaction with the decision's progress: a worker stopped between batches resumes
    # where it was, and no item is decided twice. The decision's row is locked and its position read inside
    # the batch, so a worker resuming a stalled decision and one that was only slow never take the same batch.
    with transaction.atomic():
        decision = BulkDecision.objects.select_for_update(of=("self",)).select_related("moderator").get(pk=decision_id)
        if decision.is_finished or decision.position >= decision.total:
            return decision
        ids = decision.item_ids[decision.position : decision.position + batch]
        locked = {
            item.pk: item
            for item in QueueItem.objects.select_for_update(of=("self",))  # waits for a moderator deciding one now
            .filter(pk__in=ids)
            .select_related("author", "content_type", "decided_by__profile")
        }
        failures = [
            {"item": pk, "title": "", "problem": "It is no longer in the queue."} for pk in ids if pk not in locked
        ]
        pending = [item for item in locked.values() if item.is_pending]
        failures += [
            {"item": i.pk, "title": i.title, "problem": _problem(i)} for i in locked.values() if not i.is_pending
        ]
        options = {
            "action": decision.action,
            "moderator": decision.moderator,
            "removal_reason": decision.removal_reason,
            "note": decision.note,
            "now": timezone.now(),
        }
        applied = []
        try:
            with transaction.atomic():
                if pending:
                    _decide_set(pending, **options)
            applied = [item.pk for item in pending]
        except Exception:
            for item in pending:
                try:
                    with transaction.atomic():
                        _decide_set([item], **options)
                except Exception as error:
                    problem = str(error) if isinstance(error, ValueError) else f"It could not be applied ({error})."
                    failures.append({"item": item.pk, "title": item.title, "problem": problem})
                else:
                    applied.append(item.pk)
        decision.applied_ids = decision.applied_ids + applied
        decision.failures = decision.failures + failures
        decision.position += len(ids)
        decision.progressed_at = timezone.now()
        decision.save(update_fields=["applied_ids", "failures", "position", "progressed_at"])
    return decision


def run_bulk_decision(*, decision_id: int, batch: int = 100) -> BulkDecision:
    """Apply a recorded bulk decision, a batch at a time, from where it stopped; authors whose contributions
    are removed get one notice each at the end. A decision already finished is left as it is."""
    decision = BulkDecision.objects.select_related("moderator").get(pk=decision_id)
    if decision.is_finished:
        return decision
    now = timezone.now()
    decision.state, decision.progressed_at = BulkDecision.State.RUNNING, now
    decision.started_at = decision.started_at or now
    decision.save(update_fields=["state", "started_at", "progressed_at"])
    try:
        while decision.position < decision.total and not decision.is_finished:
            decision = _run_batch(decision.pk, batch)
        if decision.is_finished:
            return decision  # another worker finished it meanwhile
        if decision.action == "remove":
            removed = list(QueueItem.objects.filter(pk__in=decision.applied_ids).select_related("author"))
            with transaction.atomic():
                _tell_authors_of_bulk(removed, decision.removal_reason, decision.note, key=f"decision:{decision.pk}")
    except Exception as error:
        decision.state, decision.error = BulkDecision.State.FAILED, f"The worker stopped: {error}"[:2000]
        decision.finished_at = timezone.now()
        decision.save(update_fields=["state", "error", "finished_at"])
        raise
    decision.state, decision.finished_at = BulkDecision.State.DONE, timezone.now()
    decision.save(update_fields=["state", "finished_at"])
    return decision


def resume_bulk_decision(*, decision: BulkDecision) -> BulkDecision:
    """Queue again a decision the worker stopped on with an error, or whose worker died (stalled); it goes on
    from the last batch it committed. Anything else is left as it is."""
    from portal.moderation.tasks import run_bulk_decision

    with transaction.atomic():
        decision = BulkDecision.objects.select_for_update().get(pk=decision.pk)
        if not decision.can_resume:
            return decision
        decision.state, decision.error, decision.finished_at = BulkDecision.State.QUEUED, "", None
        decision.progressed_at = timezone.now()  # not stalled again until a worker had its time to pick it up
        decision.save(update_fields=["state", "error", "finished_at", "progressed_at"])
        run_bulk_decision.enqueue(decision_id=decision.pk)
    return decision


def resume_stalled_bulk_decisions() -> int:
    """Queue again every running bulk decision whose worker saved no progress for too long; returns how many."""
    from portal.moderation.selectors import stalled_bulk_decisions

    stalled = list(stalled_bulk_decisions())
    for decision in stalled:
        resume_bulk_decision(decision=decision)
    return len(stalled)


# Suspensions ------------------------------------------------------------------------------------------


@transaction.atomic
def suspend(*, user, moderator, days: int | None, reason: str = "", item: QueueItem | None = None) -> Suspension:
    """Keep a member out (their sessions stop working at once) for `days`, or for good when None; their
    pending items leave the queue; they are told why by email."""
    if moderator is not None and user.pk == moderator.pk:
        raise ValueError("You cannot suspend yourself.")
    reason = reason.strip()[:250]
    now = timezone.now()
    # Told first: the notification service tells active accounts only.
    notifications.notify(
        kind=SUSPENDED_KIND,
        recipients=[user],
        target_url="/",
        context={
            "reason": reason,
            "until": f"{timezone.localtime(now + timedelta(days=days)):%d %B %Y}" if days else "",
        },
        dedupe_key=f"moderation.suspended:{user.pk}:{now:%Y%m%d%H%M%S%f}",
    )
    Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=now)
    suspension = Suspension.objects.create(
        user=user, ends_at=now + timedelta(days=days) if days else None, reason=reason, moderator=moderator
    )
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    for on_suspend, _ in registry.suspension_handlers():
        on_suspend(user, reason)
    withdrawn = withdraw_pending_of(user=user, moderator=moderator)
    target = item or QueueItem.objects.filter(author=user).order_by("-opened_at").first()
    if target is not None:
        log(target, "moderation.suspend", user=moderator, data={"days": days, "reason": reason, "withdrawn": withdrawn})
    return suspension


def withdraw_pending_of(*, user, moderator=None) -> int:
    """Take a suspended member's waiting items out of the queue (their content stays as it is)."""
    pending = QueueItem.objects.filter(author=user, state=QueueItem.State.PENDING)
    return pending.update(state=QueueItem.State.WITHDRAWN, decided_at=timezone.now(), decided_by=moderator)


@transaction.atomic
def lift_suspension(*, user, moderator=None) -> None:
    """Let a suspended member back in."""
    Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    for _, on_lift in registry.suspension_handlers():
        on_lift(user)


def lift_expired_suspensions() -> int:
    """Lift every suspension whose period is over (the worker runs this every few minutes)."""
    expired = Suspension.objects.filter(lifted_at__isnull=True, ends_at__lte=timezone.now()).select_related("user")
    lifted = 0
    for suspension in expired:
        lift_suspension(user=suspension.user)
        lifted += 1
    return lifted


# Take-down requests -----------------------------------------------------------------------------------


@transaction.atomic
def request_takedown(*, page, page_url: str, reason: str, details: str, name: str, email: str) -> TakedownRequest:
    """Record a take-down request and queue it; a safeguarding risk unpublishes the page at once (an editor
    publishes it again if the request is declined)."""
    request = TakedownRequest.objects.create(
        page=page, page_url=page_url[:500], reason=reason, details=details, name=name, email=email
    )
    if request.is_safeguarding and page is not None and page.live:
        page.specific.unpublish(log_action=True)
        request.page_hidden_at = timezone.now()
        request.save(update_fields=["page_hidden_at"])
    queue_reason = Reason.SAFEGUARDING if request.is_safeguarding else Reason.TAKEDOWN
    item = enqueue(kind="moderation.takedown", obj=request, reason=queue_reason, note=details[:1000])
    _tell_editors_of(request, item)
    from portal.moderation.tasks import send_takedown_acknowledgement

    send_takedown_acknowledgement.enqueue(request_id=request.pk)
    return request


def _tell_editors_of(request: TakedownRequest, item: QueueItem) -> None:
    from portal.moderation import selectors

    notifications.notify(
        kind=TAKEDOWN_KIND,
        recipients=selectors.moderators(),
        target_url=reverse("moderation_item", args=[item.pk]),
        context={
            "page_title": request.page.title if request.page is not None else request.page_url[:200],
            "reason": request.get_reason_display(),
            "is_safeguarding": request.is_safeguarding,
            "page_hidden": request.page_hidden_at is not None,
        },
        dedupe_key=f"{TAKEDOWN_KIND}:{request.pk}",
    )


def _record_outcome(request: TakedownRequest, outcome: str) -> None:
    from portal.moderation.tasks import send_takedown_outcome

    # A request decided again (reopened) tells its requester again.
    TakedownRequest.objects.filter(pk=request.pk).update(
        outcome=outcome, decided_at=timezone.now(), outcome_emailed_at=None
    )
    send_takedown_outcome.enqueue(request_id=request.pk)


def republish_page(*, request: TakedownRequest, moderator) -> None:
    """Put back a page a safeguarding request hid, when the request is declined."""
    if request.page is not None and request.page_hidden_at is not None and not request.page.live:
        page = request.page.specific
        # The queue's permission is the gate: moderators decide take-downs without page publishing rights.
        revision = page.latest_revision or page.save_revision(user=moderator)
        revision.publish(user=moderator, skip_permission_checks=True)
    _record_outcome(request, TakedownRequest.Outcome.DECLINED)


def unpublish_page(*, request: TakedownRequest, moderator) -> None:
    """Take down the page a request is about, when the request is upheld."""
    if request.page is not None and request.page.live:
        UnpublishPageAction(request.page.specific, user=moderator, log_action=True).execute(skip_permission_checks=True)
    _record_outcome(request, TakedownRequest.Outcome.UPHELD)


# New accounts held for approval ------------------------------------------------------------------------


@transaction.atomic
def hold_new_account(*, user) -> QueueItem:
    """Keep a new account out until a moderator approves it (MODERATION_HOLD_NEW_ACCOUNTS)."""
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    return enqueue(kind="moderation.account", obj=user, reason=Reason.NEW_ACCOUNT)


def approve_account(user, moderator) -> None:
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    notifications.notify(
        kind=ACCOUNT_APPROVED_KIND,
        recipients=[user],
        target_url="/accounts/login/",
        dedupe_key=f"{ACCOUNT_APPROVED_KIND}:{user.pk}",
    )


def approve_accounts_let_in(*, users, moderator, where: str) -> int:
    """Held accounts an editor made active in the users admin: their items are approved as in the queue
    (the member is told they can sign in); how many."""
    active_ids = list(
        get_user_model().objects.filter(pk__in=[user.pk for user in users], is_active=True).values_list("pk", flat=True)
    )
    waiting = QueueItem.objects.filter(
        kind="moderation.account",
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id__in=[str(pk) for pk in active_ids],
        state=QueueItem.State.PENDING,
    ).values_list("pk", flat=True)
    approved = 0
    for item_id in list(waiting):
        try:
            decide(item_id=item_id, action="approve", moderator=moderator, note=where)
        except AlreadyHandled:
            continue
        approved += 1
    return approved


def decline_account(user, moderator) -> None:
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
