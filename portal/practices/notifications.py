"""What a submitter hears about their case study, through the notification service, in place of Wagtail's emails.

Wagtail emails the member who submitted a page when the workflow is approved or rejected, in its own generic
words, and emails superusers when a workflow starts on top of the task email every editor gets (so a superuser
who is also an editor got two emails per submission). Here the receivers for those three workflow signals take
Wagtail's own `dispatch_uid`s, so Wagtail's connections (made later, in wagtail.admin's ready()) do nothing:
members' case studies get the portal's notices, and any other page still gets Wagtail's email. Editors keep
Wagtail's task email ("submitted for review"), one per editor.
"""

from django.urls import reverse
from wagtail.admin import signal_handlers as wagtail_emails
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_rejected, workflow_submitted

from portal.links import absolute_url
from portal.notifications.kinds import Kind, register
from portal.notifications.services import notify
from portal.practices.models import CaseStudyPage

SUBMITTED = "practices.submitted"
CHANGES_REQUESTED = "practices.changes_requested"
APPROVED = "practices.approved"
PUBLISHED = "practices.published"

CO_AUTHOR_INVITED = "practices.co_author_invited"
CO_AUTHOR_ANSWERED = "practices.co_author_answered"

EMAIL_TEMPLATE = "notifications/email/practices_submission"


def register_kinds() -> None:
    """What a submitter is told about their case study, and what co-authors are asked."""
    for kind in (
        Kind(
            name=SUBMITTED,
            label="Your case study is waiting for review",
            description="When you submit a case study, so you know it reached the editors.",
            default_delivery="site",
            email_template=EMAIL_TEMPLATE,
            title="“{{ case_study }}” is waiting for review",
            text="Thank you for sharing it. An editor will read it and tell you what happens next.",
        ),
        Kind(
            name=CHANGES_REQUESTED,
            label="An editor asks for changes to your case study",
            description="With the editor's message, so you can edit it and submit it again.",
            email_template=EMAIL_TEMPLATE,
            title="Changes requested on “{{ case_study }}”",
            text="{{ comment|default:'The editor did not leave a message.' }}",
        ),
        Kind(
            name=APPROVED,
            label="Your case study is approved",
            description="When an editor approves it and it waits to be published on a set date.",
            email_template=EMAIL_TEMPLATE,
            title="“{{ case_study }}” is approved",
            text="It will be published on {{ go_live }}.",
        ),
        Kind(
            name=PUBLISHED,
            label="Your case study is published",
            description="When your case study, or a change to it, goes live on the site.",
            email_template=EMAIL_TEMPLATE,
            title="“{{ case_study }}” is published",
            text="Thank you: everyone can now read it on the site.",
        ),
        Kind(
            name=CO_AUTHOR_INVITED,
            label="Someone invites you to be a co-author",
            description="When a member would like to credit you on their case study; you accept or decline.",
            title="{{ actor_name }} invites you to be credited on “{{ case_study }}”",
            text="As a co-author ({{ role }}). You are credited only if you accept.",
        ),
        Kind(
            name=CO_AUTHOR_ANSWERED,
            label="A co-author answers your invitation",
            description="When someone you invited accepts or declines being credited on your case study.",
            default_delivery="site",
            title="{{ invitee }} {{ answer }} your invitation to “{{ case_study }}”",
            text="",
        ),
    ):
        register(kind)


def _submission(workflow_state) -> CaseStudyPage | None:
    """The member's case study a workflow is about, or None for any other page."""
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    if isinstance(page, CaseStudyPage) and page.submitted_by_id:
        return page
    return None


def _tell(*, kind: str, page: CaseStudyPage, actor=None, dedupe_key: str, **context) -> None:
    notify(
        kind=kind,
        recipients=[page.submitted_by],
        target_url=reverse("practices:submission_list"),
        context={"case_study": page.title, **context},
        actor=actor,
        dedupe_key=dedupe_key,
    )


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    page = _submission(instance)
    if page is None:
        wagtail_emails.workflow_submission_email_notifier(instance=instance, user=user, **kwargs)
        return
    # The editors hear of it through Wagtail's task email; the member gets a notice in the site.
    _tell(kind=SUBMITTED, page=page, dedupe_key=f"{SUBMITTED}:{instance.pk}")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    page = _submission(instance)
    if page is None:
        wagtail_emails.workflow_rejection_email_notifier(instance=instance, user=user, **kwargs)
        return
    task_state = instance.current_task_state.specific
    _tell(
        kind=CHANGES_REQUESTED,
        page=page,
        actor=user,
        dedupe_key=f"{CHANGES_REQUESTED}:{task_state.pk}",
        comment=task_state.get_comment(),
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    page = _submission(instance)
    if page is None:
        wagtail_emails.workflow_approval_email_notifier(instance=instance, user=user, **kwargs)
        return
    page.refresh_from_db()
    if page.live:
        return  # approving published it: page_published tells the member, once
    go_live = page.scheduled_revision.approved_go_live_at if page.scheduled_revision else None
    _tell(
        kind=APPROVED,
        page=page,
        actor=user,
        dedupe_key=f"{APPROVED}:{instance.pk}",
        go_live=f"{go_live:%-d %B %Y}" if go_live else "a date the editors set",
    )


def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    if alias or not instance.submitted_by_id:
        return
    key = revision.pk if revision is not None else instance.live_revision_id
    _tell(
        kind=PUBLISHED,
        page=instance,
        dedupe_key=f"{PUBLISHED}:{instance.pk}:{key}",
        case_study_url=absolute_url(instance.url),
    )


def connect() -> None:
    for signal, receiver, wagtail_uid in (
        (workflow_submitted, on_workflow_submitted, "workflow_state_submitted_email_notification"),
        (workflow_rejected, on_workflow_rejected, "workflow_state_rejected_email_notification"),
        (workflow_approved, on_workflow_approved, "workflow_state_approved_email_notification"),
    ):
        # Whichever app's ready() ran first, Wagtail's email receiver is out and ours holds its uid.
        signal.disconnect(sender=WorkflowState, dispatch_uid=wagtail_uid)
        signal.connect(receiver, sender=WorkflowState, dispatch_uid=wagtail_uid)
    page_published.connect(on_page_published, sender=CaseStudyPage, dispatch_uid="practices-published-notice")
