"""The emails someone who asked for a take-down gets (they may not be a member): that it arrived and what
happens next, then what was decided. In the portal's voice, with no link they could not open."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.links import absolute_url
from portal.moderation.models import QueueItem, TakedownRequest
from portal.notifications.site import site_name

RECEIVED_TEMPLATE = "moderation/email/takedown_received"
DECIDED_TEMPLATE = "moderation/email/takedown_decided"


def _send(request: TakedownRequest, *, subject: str, template: str, context: dict) -> None:
    context = {
        **context,
        "subject": subject,
        "takedown": request,
        "requester_name": request.name.strip(),
        "site_name": site_name(),
        "site_url": absolute_url("/"),
        "takedown_url": absolute_url(reverse("moderation:takedown")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def send_acknowledgement(*, request_id: int) -> bool:
    """Tell the requester their request arrived and what happens next (once); True when an email went out."""
    with transaction.atomic():
        request = TakedownRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or request.acknowledged_at is not None:
            return False
        if not request.email:
            return False
        _send(
            request,
            subject=f"{site_name()}: we have your take-down request",
            template=RECEIVED_TEMPLATE,
            context={"received_on": timezone.localtime(request.created_at)},
        )
        request.acknowledged_at = timezone.now()
        request.save(update_fields=["acknowledged_at"])
    return True


def send_outcome(*, request_id: int) -> bool:
    """Tell the requester what the editors decided and why (once); True when an email went out."""
    with transaction.atomic():
        request = TakedownRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or not request.outcome or request.outcome_emailed_at is not None:
            return False
        if not request.email:  # the requester deleted their account: nobody to tell
            return False
        item = QueueItem.objects.filter(kind="moderation.takedown", object_id=str(request.pk)).first()
        _send(
            request,
            subject=f"{site_name()}: our decision on your take-down request",
            template=DECIDED_TEMPLATE,
            context={
                "is_upheld": request.outcome == TakedownRequest.Outcome.UPHELD,
                "note": item.decision_note if item is not None else "",
            },
        )
        request.outcome_emailed_at = timezone.now()
        request.save(update_fields=["outcome_emailed_at"])
    return True
