"""The editors' import pages in the Wagtail admin: upload, progress, the per-row report, resume."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.imports import selectors, services
from portal.imports.forms import ImportForm
from portal.imports.models import CaseStudyImport, ImportStatus

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _permissions(request):
    index = selectors.case_study_index_page()
    if index is None:
        raise Http404("There is no case study index to import into.")
    permissions = index.permissions_for_user(request.user)
    if not permissions.can_add_subpage():
        raise PermissionDenied("You may not add case studies.")
    return permissions


@require_http_methods(["GET", "POST"])
def import_index(request):
    permissions = _permissions(request)
    may_publish = permissions.can_publish_subpage()
    form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
    if request.method == "POST" and form.is_valid():
        job = services.create_import(
            uploaded=form.cleaned_data["file"],
            publish=form.cleaned_data["publish"] and may_publish,
            all_or_nothing=form.cleaned_data["mode"] == "all",
            user=request.user,
        )
        return redirect("case_study_import_detail", job.pk)
    context = {
        "form": form,
        "imports": selectors.recent_imports(),
        "page_title": "Import case studies",
        "header_icon": "upload",
    }
    return render(request, "imports/admin/import_index.html", context, status=400 if form.errors else 200)


@require_GET
def import_detail(request, pk):
    _permissions(request)
    job = get_object_or_404(CaseStudyImport, pk=pk)
    context = {
        "job": job,
        "status": selectors.import_status(job),
        "may_resume": job.status in (ImportStatus.FAILED, ImportStatus.RUNNING),
        "page_title": f"Import: {job.file_name}",
        "header_icon": "upload",
    }
    return render(request, "imports/admin/import_detail.html", context)


@require_GET
def import_status(request, pk):
    _permissions(request)
    job = get_object_or_404(CaseStudyImport, pk=pk)
    return JsonResponse(selectors.import_status(job))


@require_POST
def import_resume(request, pk):
    _permissions(request)
    job = get_object_or_404(CaseStudyImport, pk=pk)
    services.resume_import(job=job)
    return redirect("case_study_import_detail", job.pk)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text  # a spreadsheet must not run it


@require_GET
def import_report_csv(request, pk):
    _permissions(request)
    job = get_object_or_404(CaseStudyImport, pk=pk)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job.pk}-report-{timezone.localdate()}.csv"'},
    )
    writer = csv.writer(response)
    writer.writerow(["row", "title", "problems"])
    for entry in job.report:
        writer.writerow([entry["row"], _cell(entry["title"]), _cell(" ".join(entry["errors"]))])
    return response
