"""Members' proposals for new groups wait in the review queue beside reports (registered from apps.py ready())."""

from portal.groups.models import Group, GroupStatus
from portal.moderation import registry
from portal.moderation import services as moderation
from portal.moderation.models import Reason

PROPOSAL_QUEUE_KIND = "groups.proposal"


def _describe(group: Group) -> dict:
    context = [("Kind", group.get_kind_display()), ("Who may join", group.get_access_display())]
    if group.region_id:
        context.append(("Region", group.region.name))
    if group.service_area_id:
        context.append(("Service area", group.service_area.name))
    if group.summary:
        context.append(("Summary", group.summary))
    return {"heading": f"Proposed group: {group.name}", "context": context, "text": group.description}


def _link(group: Group) -> str:
    from django.urls import reverse

    # A proposal has no public page yet: the editors' form is where it can be read whole and changed.
    return reverse("wagtailsnippets_groups_group:edit", args=[group.pk])


def _approve(group: Group, moderator) -> None:
    from portal.groups import services

    if group.status == GroupStatus.PROPOSED:
        services.approve_proposal(group=group, editor=moderator)


def _decline(group: Group, moderator) -> None:
    from portal.groups import services
    from portal.moderation.selectors import reason_given

    if group.status == GroupStatus.PROPOSED:
        reason, note = reason_given(group)  # what the moderator chose and wrote in the queue
        services.decline_proposal(group=group, editor=moderator, reason=reason, note=note)


def queue_proposal(group: Group) -> None:
    """A member's proposal waits for an editor in the review queue."""
    moderation.enqueue(kind=PROPOSAL_QUEUE_KIND, obj=group, reason=Reason.PROPOSAL, reporter=group.proposed_by)


def register() -> None:
    registry.register(
        registry.QueueKind(
            name=PROPOSAL_QUEUE_KIND,
            label="Group proposal",
            model="groups.group",
            describe=_describe,
            link=_link,
            author=lambda group: group.proposed_by,
            approve=_approve,
            remove=_decline,
            dismiss=None,
            approve_label="Approve: open the group",
            remove_label="Decline the proposal",
            tells_author=False,
        )
    )
