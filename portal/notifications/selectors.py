"""What reads notifications: a member's latest notices and how many are unread."""

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from portal.notifications.kinds import checked_kind_names, get_kind, hidden_notification_ids
from portal.notifications.models import Notification, NotificationSetting


def notifications_for(user, *, limit: int = 20) -> list:
    """A member's latest notifications that they can still see, newest first."""
    page, _ = notification_page(user, 1, per_page=limit)
    return list(page.object_list)


def notification_of(user, notification_id: int) -> Notification | None:
    """One of the member's own notifications, or None (another member's is never theirs)."""
    return Notification.objects.filter(recipient=user, pk=notification_id).first()


UNREAD_CHECKED = 1000  # per member, the bell checks this many unread notices' visibility; beyond that it counts them

# What the visibility checks read of a notice (they take notices of any members, in one batch).
CHECKED_FIELDS = ("pk", "kind", "recipient_id", "dedupe_key", "target_url")


def visible(notifications) -> list:
    """These notifications less those about something their member can no longer see (one check per kind)."""
    notifications = list(notifications)
    hidden = hidden_notification_ids(notifications)
    return [notification for notification in notifications if notification.pk not in hidden]


def unread_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Each member's unread count, not counting notices they can no longer see: what the bell shows on a page
    and what its socket is sent. A fixed number of queries for any number of members (plus what the kinds'
    checks need); members with none are 0."""
    user_ids = {pk for pk in user_ids if pk is not None}
    counts = dict.fromkeys(user_ids, 0)
    if not user_ids:
        return counts
    unread = Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
    counts.update(unread.order_by().values("recipient_id").annotate(n=Count("id")).values_list("recipient_id", "n"))
    # Only kinds with a check can be hidden; each member's newest UNREAD_CHECKED of those are checked.
    newest_first = Window(
        RowNumber(), partition_by=[F("recipient_id")], order_by=[F("created_at").desc(), F("id").desc()]
    )
    checked = (
        unread.filter(kind__in=checked_kind_names(), recipient_id__in=[pk for pk, n in counts.items() if n])
        .annotate(position=newest_first)
        .filter(position__lte=UNREAD_CHECKED)
        .only(*CHECKED_FIELDS)
    )
    checked = list(checked)
    hidden = hidden_notification_ids(checked)
    for notification in checked:
        if notification.pk in hidden:
            counts[notification.recipient_id] -= 1
    return counts


def unread_count(user) -> int:
    """How many of a member's notifications are unread, not counting those they can no longer see."""
    return unread_counts([user.pk])[user.pk]


def notification_page(user, page_number, *, per_page: int = 20):
    """One page of a member's notifications they can still see, newest first: every page but the last is full
    however many are hidden. Returns the page (its `object_list` the notifications, with their actors) and
    the unread count of the same list. A fixed number of queries for any number of notices."""
    notices = visible(Notification.objects.filter(recipient=user).only(*CHECKED_FIELDS, "read_at"))
    page = Paginator([notice.pk for notice in notices], per_page).get_page(page_number)
    rows = Notification.objects.filter(pk__in=list(page.object_list)).select_related("actor").in_bulk()
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page, sum(1 for notice in notices if notice.read_at is None)


def deliveries_of(user) -> dict[str, str]:
    """The deliveries a member chose, by kind name (kinds they left at the default are absent)."""
    return dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))


def delivery_for(user, kind_name: str) -> str:
    """How a member hears of one kind: their own setting, else the kind's default."""
    chosen = NotificationSetting.objects.filter(user=user, kind=kind_name).values_list("delivery", flat=True).first()
    return chosen or get_kind(kind_name).default_delivery
