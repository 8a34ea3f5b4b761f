"""Front-end views of practices: sharing a case study and following one's submissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.practices.forms import CaseStudySubmissionForm
from portal.practices.models import EvidenceLevel
from portal.practices.selectors import submission_status, submissions_of
from portal.practices.services import submit_case_study


@login_required
def submission_create(request):
    if request.method == "POST":
        form = CaseStudySubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            page = submit_case_study(user=request.user, submission=form.to_submission())
            messages.success(request, f"Thank you. “{page.title}” has been sent to the editors for review.")
            return redirect("practices:submission_list")
        status = 400
    else:
        form = CaseStudySubmissionForm()
        status = 200
    context = {"form": form, "evidence_levels": EvidenceLevel.choices}
    return render(request, "practices/submission_form.html", context, status=status)


@login_required
def submission_list(request):
    submissions = [{"page": page, "status": submission_status(page)} for page in submissions_of(request.user)]
    return render(request, "practices/submission_list.html", {"submissions": submissions})
