"""Notification emails as members receive them: one notice, or a digest of several; plain text and HTML."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.notifications.kinds import get_kind
from portal.notifications.site import absolute_url, base_url, display_name, site_name

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST_TEMPLATE = "notifications/email/digest"


def unsubscribe_token(user, kind_names: list[str]) -> str:
    """A signed token that turns off the emails of these kinds for this member (kept in the site)."""
    return signing.dumps({"u": user.pk, "k": sorted(set(kind_names))}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]] | None:
    """The member's id and the kinds a token stops; None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), list):
        return None
    return data["u"], [str(name) for name in data["k"]]


def _item(notification) -> dict:
    return {
        "title": notification.title,
        "text": notification.text,
        "url": absolute_url(notification.target_url),
        "created_at": notification.created_at,
        "actor_name": notification.context.get("actor_name", ""),
    }


def _message(user, *, subject: str, template: str, context: dict, kind_names: list[str]) -> EmailMultiAlternatives:
    unsubscribe_url = absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind_names)]))
    context = {
        **context,
        "subject": subject,
        "recipient_name": display_name(user),
        "site_name": site_name(),
        "site_url": base_url() + "/",
        "settings_url": absolute_url(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # RFC 8058: mail clients offer "unsubscribe" and POST to the link without opening it.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def notification_email(notification) -> EmailMultiAlternatives:
    """The email of one notification, in its kind's templates."""
    kind = get_kind(notification.kind)
    context = {**notification.context, "notification": _item(notification), "kind": kind}
    return _message(
        notification.recipient,
        subject=notification.title,
        template=kind.email_template,
        context=context,
        kind_names=[kind.name],
    )


def digest_email(user, notifications: list, *, delivery: str) -> EmailMultiAlternatives:
    """One member's daily or weekly digest: their notifications grouped by kind, oldest first."""
    groups: dict[str, dict] = {}
    for notification in notifications:
        kind = get_kind(notification.kind)
        groups.setdefault(kind.name, {"kind": kind, "items": []})["items"].append(_item(notification))
    period = "Daily" if delivery == "daily" else "Weekly"
    count = len(notifications)
    subject = f"{period} digest: {count} update{'s' if count != 1 else ''} on {site_name()}"
    return _message(
        user,
        subject=subject,
        template=DIGEST_TEMPLATE,
        context={"groups": list(groups.values()), "period": period.lower(), "count": count},
        kind_names=list(groups),
    )
