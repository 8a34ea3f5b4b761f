"""Front-end views of practices: sharing a case study, its drafts, preview and review, and "My submissions"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.network import selectors as network_selectors
from portal.network.models import Organisation, OrganisationReview
from portal.practices import coauthors, services
from portal.practices.forms import CoAuthorInviteForm, SubmissionEditor
from portal.practices.models import CaseStudyIndexPage, CaseStudyPage, CoAuthorInvitation, EvidenceLevel, Submission
from portal.practices.selectors import (
    earlier_submissions_of,
    member_submissions,
    submission_progress,
    submission_status,
)


def _own_submission(request, pk) -> Submission:
    return get_object_or_404(Submission.objects.select_related("page"), pk=pk, owner=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request):
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request, pk):
    submission = _own_submission(request, pk)
    if not submission_progress(submission).can_edit:
        messages.info(request, "This case study is approved and waits to be published: it cannot be changed now.")
        return redirect("practices:submission_list")
    return _edit(request, submission)


def _edit(request, submission):
    progress = submission_progress(submission) if submission is not None else None
    if request.method == "GET":
        editor = SubmissionEditor(submission=submission, add_row=request.GET.get("add"))
        return _render_editor(request, editor, submission, progress)

    action = request.POST.get("action", "save")
    if action == "save" and progress is not None and progress.key == "in_progress":
        action = "submit"  # editing while it waits: the editor reads the new version, it stays in review
    editor = SubmissionEditor(
        submission=submission, data=request.POST, files=request.FILES, draft=action != "submit", owner=request.user
    )
    valid = editor.is_valid()
    files = editor.files
    if files.accepted_photos or files.accepted_documents or files.cleaned_data.get("remove_files"):
        # Good files are kept server-side straight away, whatever else the form says.
        if submission is None:
            title = request.POST.get("title", "").strip()[:200]
            submission = services.save_submission_draft(owner=request.user, submission=None, title=title, data={})
        services.remove_submission_files(submission=submission, file_ids=files.cleaned_data.get("remove_files") or [])
        services.attach_submission_files(
            submission=submission, photos=files.accepted_photos, documents=files.accepted_documents, user=request.user
        )
    if not valid:
        if submission is not None:
            editor.existing_files = list(submission.files.select_related("image", "document"))
        return _render_editor(request, editor, submission, progress, status=400)

    form = editor.form
    submission = services.save_submission_draft(
        owner=request.user, submission=submission, title=form.cleaned_data["title"], data=editor.draft_data()
    )
    if action == "submit":
        was_live = submission.page is not None and submission.page.live
        services.send_submission_for_review(submission=submission, case_study=editor.to_submission(), user=request.user)
        if progress is not None and progress.key == "in_progress":
            messages.success(request, f"Your changes to “{submission.title}” are saved and sent to the editor.")
        elif progress is not None and progress.key == "needs_changes":
            messages.success(request, f"Thank you. “{submission.title}” is back with the editors.")
        elif was_live:
            messages.success(
                request, f"Your changes to “{submission.title}” are sent for review; the published version stays up."
            )
        else:
            messages.success(request, f"Thank you. “{submission.title}” has been sent to the editors for review.")
        return redirect("practices:submission_list")
    if action == "preview":
        return redirect("practices:submission_preview", pk=submission.pk)
    edit_url = reverse("practices:submission_edit", args=[submission.pk])
    if action in SubmissionEditor.ADD_ROW:
        row = SubmissionEditor.ADD_ROW[action]
        return redirect(f"{edit_url}?add={row}#{row}-rows")
    messages.success(request, "Your draft is saved. Come back to it from My submissions at any time.")
    return redirect(edit_url)


def _render_editor(request, editor, submission, progress, status=200, invite_form=None):
    context = {
        "invite_form": invite_form or CoAuthorInviteForm(),
        "invitations": submission.invitations.select_related("profile", "accepted_by") if submission else [],
        "editor": editor,
        "form": editor.form,
        "submission": submission,
        "progress": progress,
        "evidence_levels": EvidenceLevel.choices,
    }
    return render(request, "practices/submission_form.html", context, status=status)


@login_required
def submission_preview(request, pk):
    """The case study exactly as it will appear, built from the working copy without saving anything."""
    submission = _own_submission(request, pk)
    editor = SubmissionEditor.for_saved(submission)
    if not editor.is_valid():
        messages.error(request, "Fix the problems in your draft to preview it.")
        return redirect("practices:submission_edit", pk=submission.pk)
    if submission.page is not None:
        page = submission.page.get_latest_revision_as_object()
    else:
        index = CaseStudyIndexPage.objects.get()
        page = CaseStudyPage(live=False, depth=index.depth + 1, path=f"{index.path}ZZZZ", slug="preview")
        page.url_path = f"{index.url_path}preview/"
    case_study = editor.to_submission()
    case_study.images = [f.image for f in submission.files.all() if f.is_photo]
    case_study.documents = [f.document for f in submission.files.all() if not f.is_photo]
    case_study.co_authors = coauthors.accepted_co_authors(submission)
    if case_study.proposed_organisation:
        # Shown by name only, as on the published page until an editor approves it.
        proposed = Organisation(name=case_study.proposed_organisation["name"], review_state=OrganisationReview.PROPOSED)
        case_study.organisations = [*case_study.organisations, proposed]
    page = services.fill_case_study(page=page, submission=case_study, user=request.user)
    request.is_preview = True
    request.preview_mode = ""
    context = page.get_context(request)
    context.update({"submission_preview": submission, "progress": submission_progress(submission)})
    return render(request, page.get_template(request), context)


@login_required
@require_POST
def submission_withdraw(request, pk):
    submission = _own_submission(request, pk)
    if not submission_progress(submission).can_withdraw:
        messages.error(request, "This case study is not waiting for review, so there is nothing to withdraw.")
        return redirect("practices:submission_list")
    services.withdraw_submission(submission=submission, user=request.user)
    messages.success(request, f"“{submission.title}” is withdrawn: editors will not review it.")
    return redirect("practices:submission_list")


@login_required
@require_POST
def submission_delete(request, pk):
    submission = _own_submission(request, pk)
    if not submission_progress(submission).can_delete:
        raise Http404("Only a draft that was never sent can be deleted.")
    title = submission.title or "Your draft"
    services.delete_submission_draft(submission=submission)
    messages.success(request, f"“{title}” is deleted.")
    return redirect("practices:submission_list")


@login_required
def submission_list(request):
    submissions = [{"submission": s, "progress": submission_progress(s)} for s in member_submissions(request.user)]
    earlier = [{"page": page, "status": submission_status(page)} for page in earlier_submissions_of(request.user)]
    return render(request, "practices/submission_list.html", {"submissions": submissions, "earlier": earlier})


@login_required
@require_POST
def co_author_invite(request, pk):
    submission = _own_submission(request, pk)
    form = CoAuthorInviteForm(request.POST)
    if form.is_valid():
        try:
            coauthors.invite_co_author(
                submission=submission,
                invited_by=request.user,
                who=form.cleaned_data["who"],
                role=form.cleaned_data["role"],
            )
        except coauthors.InvitationError as error:
            form.add_error("who", str(error))
        else:
            messages.success(request, f"{form.cleaned_data['who']} is invited. They are credited once they accept.")
            return redirect(f"{reverse('practices:submission_edit', args=[submission.pk])}#co-authors")
    editor = SubmissionEditor(submission=submission)
    return _render_editor(request, editor, submission, submission_progress(submission), status=400, invite_form=form)


@login_required
@require_GET
def co_author_suggestions(request, pk):
    """Members whose name contains what the sharer typed, for the co-author box's type-ahead."""
    _own_submission(request, pk)
    typed = " ".join(request.GET.get("q", "").split())[:60]
    if len(typed) < 2 or "@" in typed:
        return JsonResponse({"members": []})
    names = [profile.display_name for profile in network_selectors.profiles_named_like(typed, limit=8)]
    return JsonResponse({"members": [{"name": name} for name in names]})


@login_required
@require_POST
def co_author_revoke(request, pk, invitation_pk):
    submission = _own_submission(request, pk)
    invitation = get_object_or_404(CoAuthorInvitation, pk=invitation_pk, submission=submission)
    try:
        coauthors.revoke_invitation(invitation=invitation)
    except coauthors.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The invitation to {invitation.invitee_name} is withdrawn.")
    return redirect(f"{reverse('practices:submission_edit', args=[submission.pk])}#co-authors")


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The invitee's page: accept (signed in, to be credited and linked) or decline (no account needed)."""
    found = get_object_or_404(CoAuthorInvitation.objects.select_related("submission", "profile"), token=token)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "accept" and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if answer == "accept":
                coauthors.accept_invitation(invitation=found, user=request.user)
                messages.success(request, f"Thank you: you are credited on “{found.submission.title}”.")
            elif answer == "decline":
                coauthors.decline_invitation(invitation=found)
                messages.success(request, "You declined. You will not be credited, and the member is told.")
            else:
                return render(request, "practices/invitation.html", {"invitation": found}, status=400)
        except coauthors.InvitationError as error:
            messages.error(request, str(error))
        return redirect("practices:invitation", token=token)
    return render(request, "practices/invitation.html", {"invitation": found})
