"""The queue kinds the moderation app owns itself: take-down requests and new accounts held for approval."""

from django.urls import reverse

from portal.moderation import registry, services
from portal.moderation.models import TakedownRequest
from portal.notifications.site import display_name


def _requester(request: TakedownRequest) -> str:
    if not request.email:
        return "A former member (name and address removed when they deleted their account)"
    return f"{request.name or 'Someone who gave no name'} <{request.email}>"


def _describe_takedown(request: TakedownRequest) -> dict:
    page_title = request.page.title if request.page is not None else "a page that is not on the site (any more)"
    context = [
        ("Page", f"{page_title} ({request.page_url})"),
        ("Reason", request.get_reason_display()),
        ("Asked by", _requester(request)),
    ]
    if request.page_hidden_at:
        context.append(
            ("Page hidden", f"Unpublished at once for a safeguarding risk on {request.page_hidden_at:%d %b %Y, %H:%M}")
        )
    if request.outcome:
        context.append(("Decision", request.get_outcome_display()))
    told = [
        f"{what} emailed on {when:%d %b %Y, %H:%M}"
        for what, when in (("Acknowledgement", request.acknowledged_at), ("Decision", request.outcome_emailed_at))
        if when
    ]
    context.append(("Requester told", "; ".join(told) if told else "Not yet (the worker sends the emails)"))
    return {"heading": f"Take-down request: {page_title}", "context": context, "text": request.details}


def _takedown_link(request: TakedownRequest) -> str:
    if request.page is not None:
        return reverse("wagtailadmin_pages:edit", args=[request.page_id])
    return request.page_url


def _describe_account(user) -> dict:
    domain = user.email.rpartition("@")[2]
    return {
        "heading": f"New account: {display_name(user)}",
        "context": [("Email domain", domain), ("Joined", f"{user.date_joined:%d %b %Y, %H:%M}")],
        "text": "",
    }


def register_kinds() -> None:
    registry.register(
        registry.QueueKind(
            name="moderation.takedown",
            label="Take-down request",
            model="moderation.takedownrequest",
            describe=_describe_takedown,
            link=_takedown_link,
            approve=lambda request, moderator: services.unpublish_page(request=request, moderator=moderator),
            dismiss=lambda request, moderator: services.republish_page(request=request, moderator=moderator),
            remove=None,
            approve_label="Uphold: take the page down",
            dismiss_label="Decline: keep the page published",
            tells_author=False,
        )
    )
    registry.register(
        registry.QueueKind(
            name="moderation.account",
            label="New account",
            model="auth.user",
            describe=_describe_account,
            link=lambda user: "",
            author=lambda user: user,
            approve=services.approve_account,
            remove=services.decline_account,
            dismiss=None,
            approve_label="Approve the account",
            remove_label="Decline the account",
            tells_author=False,
        )
    )
