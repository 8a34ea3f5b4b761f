"""The review queue in the Wagtail admin: the filtered list with bulk decisions, one item in context with
its reports, history and author's record, and the decisions on it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.moderation import selectors, services
from portal.moderation.forms import BulkDecisionForm, DecisionForm, QueueFilterForm, SuspensionForm
from portal.moderation.models import BulkDecision, QueueItem

MODERATE = "moderation.moderate"
PER_PAGE = 50
DONE = {"approve": "approved", "remove": "removed", "dismiss": "dismissed"}


def _s(count: int) -> str:
    return "" if count == 1 else "s"


@permission_required(MODERATE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def queue(request):
    """The queue, filtered by kind, reason, age and state; a decision on the selected (or all matching) items."""
    filters = QueueFilterForm(request.GET or None)
    items = selectors.queue_items(**filters.filters())
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    bulk = BulkDecisionForm(request.POST or None, item_ids=list(items.values_list("pk", flat=True)[: PER_PAGE * 40]))
    if request.method == "POST":
        if bulk.is_valid():
            data = bulk.cleaned_data
            chosen = items if data["select_all"] else QueueItem.objects.filter(pk__in=data["items"])
            if chosen.count() > settings.MODERATION_BULK_INLINE_LIMIT:
                # Too many for one request to carry safely: the worker applies it, batch by batch.
                decision = services.decide_in_background(
                    items=chosen,
                    action=data["action"],
                    moderator=request.user,
                    removal_reason=data["removal_reason"],
                    note=data["note"],
                )
                return redirect(reverse("moderation_bulk_decision", args=[decision.pk]))
            try:
                done, skipped = services.decide_many(
                    items=chosen,
                    action=data["action"],
                    moderator=request.user,
                    removal_reason=data["removal_reason"],
                    note=data["note"],
                )
            except ValueError as error:
                messages.error(request, str(error))
            else:
                message = f"{done} item{_s(done)} {DONE[data['action']]}."
                if skipped:
                    message += f" {skipped} had already been handled by another moderator and were left as they were."
                messages.success(request, message)
                return redirect(request.get_full_path())
        else:
            messages.error(request, " ".join(str(e) for errors in bulk.errors.values() for e in errors))
    context = {
        "filters": filters,
        "page": page,
        "items": selectors.with_reasons(page.object_list),
        "total": page.paginator.count,
        "subtitle": f"{page.paginator.count} item{_s(page.paginator.count)}",
        "bulk": bulk,
        "counts": selectors.pending_counts(),
        "bulk_decisions": selectors.recent_bulk_decisions(),
    }
    return render(request, "moderation/admin/queue.html", context, status=400 if bulk.errors else 200)


@permission_required(MODERATE, raise_exception=True)
def item_detail(request, item_id):
    item = selectors.queue_item(item_id)
    return _render_item(request, item, DecisionForm(), SuspensionForm())


def _render_item(request, item, decision, suspension, status=200):
    in_context = selectors.item_in_context(item)
    context = {
        "item": item,
        **in_context,
        "reports": selectors.reports_of(item),
        "history": selectors.history_of(item),
        "record": selectors.author_record(item.author),
        "decision": decision,
        "suspension": suspension,
        "can_suspend": item.author is not None and item.author != request.user,
        # Templates call callables: the kind's actions reach them as plain facts.
        "offers": {
            action: bool(in_context["spec"] and in_context["spec"].offers(action)) for action in services.ACTIONS
        },
    }
    return render(request, "moderation/admin/item.html", context, status=status)


@permission_required(MODERATE, raise_exception=True)
@require_POST
def decide(request, item_id):
    item = selectors.queue_item(item_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_item(request, item, form, SuspensionForm(), status=400)
    try:
        services.decide(item_id=item.pk, moderator=request.user, **form.cleaned_data)
    except services.AlreadyHandled as handled:
        messages.warning(request, str(handled))
        return _render_item(request, handled.item, DecisionForm(), SuspensionForm(), status=409)
    except ValueError as error:
        form.add_error(None, str(error))
        return _render_item(request, item, form, SuspensionForm(), status=400)
    messages.success(request, f"“{item}” {DONE[form.cleaned_data['action']]}.")
    return redirect(reverse("moderation_queue"))


@permission_required(MODERATE, raise_exception=True)
@require_POST
def suspend(request, item_id):
    item = selectors.queue_item(item_id)
    form = SuspensionForm(request.POST)
    if item.author is None:
        messages.error(request, "This item has no author to suspend.")
        return redirect(reverse("moderation_item", args=[item.pk]))
    if not form.is_valid():
        return _render_item(request, item, DecisionForm(), form, status=400)
    try:
        services.suspend(
            user=item.author, moderator=request.user, days=form.days, reason=form.cleaned_data["reason"], item=item
        )
    except ValueError as error:
        form.add_error(None, str(error))
        return _render_item(request, item, DecisionForm(), form, status=400)
    messages.success(request, "The author is suspended; their waiting items left the queue.")
    return redirect(reverse("moderation_item", args=[item.pk]))


@permission_required(MODERATE, raise_exception=True)
@require_POST
def lift(request, item_id):
    item = selectors.queue_item(item_id)
    if item.author is not None:
        services.lift_suspension(user=item.author, moderator=request.user)
        messages.success(request, "The suspension is lifted: the member can sign in again.")
    return redirect(reverse("moderation_item", args=[item.pk]))


@permission_required(MODERATE, raise_exception=True)
def bulk_decision(request, decision_id):
    """A bulk decision the worker applies: how far it is, then each item it could not apply and why."""
    decision = get_object_or_404(BulkDecision.objects.select_related("moderator__profile"), pk=decision_id)
    context = {
        "decision": decision,
        "status": selectors.bulk_decision_status(decision),
        "failures": selectors.bulk_decision_failures(decision),
    }
    return render(request, "moderation/admin/bulk_decision.html", context)


@permission_required(MODERATE, raise_exception=True)
def bulk_decision_status(request, decision_id):
    """What the progress page's poller needs, as JSON."""
    decision = get_object_or_404(BulkDecision, pk=decision_id)
    return JsonResponse(selectors.bulk_decision_status(decision))


@permission_required(MODERATE, raise_exception=True)
@require_POST
def resume_bulk_decision(request, decision_id):
    decision = get_object_or_404(BulkDecision, pk=decision_id)
    if decision.can_resume:
        services.resume_bulk_decision(decision=decision)
        messages.success(request, "The decision is queued again: it goes on from where it stopped.")
    else:
        messages.warning(request, "This decision is not stopped: there is nothing to resume.")
    return redirect(reverse("moderation_bulk_decision", args=[decision.pk]))
