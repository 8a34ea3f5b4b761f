"""The worker's import task: an editor's upload runs here, batch by batch, never in the web request."""

from django_tasks import task

from portal.imports import services
from portal.imports.models import CaseStudyImport


@task()
def run_import(job_id: int) -> dict:
    """Run (or resume) one import; a job already finished is left as it is."""
    job = CaseStudyImport.objects.filter(pk=job_id).first()
    if job is None or job.status in ("done", "refused"):
        return {"job": job_id, "skipped": True}
    job = services.run_import(job=job)
    return {"job": job.pk, "status": job.status, "imported": job.imported_rows, "refused": job.refused_rows}


@task()
def catch_up_search_index() -> dict:
    """After an import: the search table and Elasticsearch take the imported pages' outbox rows in bulk."""
    return services.catch_up_search_index()
