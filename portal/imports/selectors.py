"""Reads of imports for the admin pages."""

from portal.imports.models import CaseStudyImport

RECENT_IMPORTS = 20


def recent_imports(limit: int = RECENT_IMPORTS):
    """The newest imports, with who started them."""
    return CaseStudyImport.objects.select_related("created_by").order_by("-created_at", "-pk")[:limit]


def import_status(job: CaseStudyImport) -> dict:
    """What the progress bar and its poller need."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.is_finished,
        "percent": job.percent,
        "total": job.total_rows,
        "imported": job.imported_rows,
        "refused": job.refused_rows,
        "error": job.error,
    }


def case_study_index_page():
    """The page imported case studies go under (for permission checks), or None before the tree exists."""
    from portal.practices.models import CaseStudyIndexPage

    return CaseStudyIndexPage.objects.first()
