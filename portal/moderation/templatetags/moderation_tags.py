"""The members' report disclosure, as one tag any app's template can use."""

from django import template

from portal.moderation.models import MEMBER_REASONS

register = template.Library()


@register.inclusion_tag("moderation/includes/report_disclosure.html", takes_context=True)
def report_box(context, action, subject, next_url="", id_suffix="", anchor_prefix="", author_name=None):
    """A "Report" disclosure posting to `action` (a moderation:report address) with the members' reasons;
    the member comes back to `next_url` (at `#<anchor_prefix><id_suffix>` when a prefix is given)."""
    return {
        "action": action,
        "subject": subject,
        "author_name": author_name,  # a span live-thread.js fills for comments that arrive live
        "next_url": f"{next_url}#{anchor_prefix}{id_suffix}" if anchor_prefix else next_url,
        "id_suffix": id_suffix,
        "report_reasons": [(reason.value, reason.label) for reason in MEMBER_REASONS],
        "csrf_token": context.get("csrf_token"),
    }
