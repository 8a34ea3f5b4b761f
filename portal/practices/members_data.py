"""A member's case studies and uploads, for "Download my data" and "Delete my account" (portal.accounts)."""

from pathlib import PurePosixPath

from django.db import transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from portal.accounts.registry import Erasure, MemberExport
from portal.practices.models import CaseStudyContributor, CaseStudyPage, CoAuthorInvitation, Submission


def _when(value):
    return value.isoformat() if value else None


def _uploads(user):
    return [
        *get_image_model().objects.filter(uploaded_by_user=user).order_by("pk"),
        *get_document_model().objects.filter(uploaded_by_user=user).order_by("pk"),
    ]


def _invitations_to(user, profile):
    from allauth.account.models import EmailAddress

    addresses = [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]
    to_them = Q(email__in=[address.lower() for address in addresses if address])
    if profile is not None:
        to_them |= Q(profile=profile) | Q(accepted_by=profile)
    return CoAuthorInvitation.objects.filter(to_them).order_by("pk")


def export_practices(user) -> MemberExport:
    profile = getattr(user, "profile", None)
    credits = CaseStudyContributor.objects.filter(profile=profile).select_related("page") if profile else []
    uploads = _uploads(user)
    return MemberExport(
        data={
            "case_studies_submitted": [
                {
                    "title": page.title,
                    "published": page.live,
                    "address": page.url if page.live else None,
                    "last_changed_at": _when(page.latest_revision_created_at),
                    "summary": page.summary,
                }
                for page in CaseStudyPage.objects.filter(submitted_by=user).order_by("pk")
            ],
            "credited_on": [
                {
                    "title": credit.page.title,
                    "name_shown": credit.name,
                    "role": credit.get_role_display(),
                    "contribution": credit.contribution,
                    "published": credit.page.live,
                }
                for credit in credits
            ],
            "drafts_and_submissions": [
                {
                    "title": submission.title,
                    "state": submission.get_state_display(),
                    "created_at": _when(submission.created_at),
                    "last_changed_at": _when(submission.updated_at),
                    "working_copy": submission.data,
                }
                for submission in Submission.objects.filter(owner=user).order_by("pk")
            ],
            "co_author_invitations_sent": [
                {
                    "case_study": invitation.submission.title,
                    "to": invitation.invitee_name,
                    "role": invitation.get_role_display(),
                    "state": invitation.get_state_display(),
                    "sent_at": _when(invitation.created_at),
                }
                for invitation in CoAuthorInvitation.objects.filter(invited_by=user).select_related(
                    "submission", "profile", "accepted_by"
                )
            ],
            "co_author_invitations_received": [
                {
                    "case_study": invitation.submission.title,
                    "role": invitation.get_role_display(),
                    "state": invitation.get_state_display(),
                    "sent_at": _when(invitation.created_at),
                }
                for invitation in _invitations_to(user, profile).select_related("submission")
            ],
            "uploads": [
                {"title": upload.title, "file": f"{upload.pk}-{PurePosixPath(upload.file.name).name}"}
                for upload in uploads
            ],
        },
        files=[(f"{upload.pk}-{PurePosixPath(upload.file.name).name}", upload.file) for upload in uploads],
    )


def _scrub_revisions(page, user, profile) -> None:
    # Old revisions are JSON copies of the page: the credit and the submitter leave them too.
    for revision in page.revisions.all():
        content = revision.content
        content["contributors"] = [
            row
            for row in content.get("contributors", [])
            if not (profile and (row.get("profile") == profile.pk or row.get("name") == profile.display_name))
        ]
        for key in ("submitted_by", "owner", "locked_by"):
            if content.get(key) == user.pk:
                content[key] = None
        revision.content = content
        revision.save(update_fields=["content"])


def erase_practices(erasure: Erasure) -> None:
    user = erasure.user
    profile = getattr(user, "profile", None)
    credited = CaseStudyContributor.objects.filter(profile=profile).values("page_id") if profile else []
    pages = CaseStudyPage.objects.filter(pk__in=credited) | CaseStudyPage.objects.filter(submitted_by=user)
    for page in pages.distinct():
        theirs = CaseStudyContributor.objects.filter(page=page, profile=profile) if profile else None
        others = CaseStudyContributor.objects.filter(page=page).exclude(pk__in=theirs or [])
        if page.submitted_by_id == user.pk and not page.live and not others.exists():
            page.delete()
            continue
        _scrub_revisions(page, user, profile)
        if theirs is not None:
            # One by one, so the search outbox re-serialises the case study's document.
            for credit in theirs:
                credit.delete()
    # Their working copies (with their files' links) and the invitations they sent or received.
    Submission.objects.filter(owner=user).delete()
    _invitations_to(user, profile).delete()
    for upload in _uploads(user):
        if not ReferenceIndex.get_references_to(upload).exists():
            storage, name = upload.file.storage, upload.file.name
            upload.delete()
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
