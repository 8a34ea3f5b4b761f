"""Importing case studies in batches: each batch of pages enters the tree, its revisions, log, reference
index and search outbox in a handful of bulk statements, and is recorded by key so a resumed import
skips it.

A page made here is the page the admin would make from the same values (a test compares the two): the
same path and URL path under the case study index, one revision holding the page's content, a "created"
(and "published") log entry, the same reference index rows and the same outbox row. Wagtail's page
signals are not sent (a hundred thousand `page_published` would cost an hour); what their receivers do
for a new case study is done here in bulk.
"""

import logging
import uuid
from collections.abc import Callable
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from portal.imports.bulk import insert_inherited
from portal.imports.models import CaseStudyImport, ImportedRow, ImportStatus
from portal.imports.rows import CaseStudyRow, FileError, Vocabulary, check_rows, raw_rows
from portal.network.models import Organisation
from portal.network.selectors import active_profiles
from portal.practices.models import (
    CaseStudyContributor,
    CaseStudyIndexPage,
    CaseStudyOrganisation,
    CaseStudyPage,
    CaseStudyStatus,
    CaseStudyTag,
    ContributorRole,
    CostComparison,
    ImpactMeasure,
    Licence,
    PrincipleApplication,
    PrinciplePage,
)
from portal.search.registry import type_for_model
from portal.search.services import enqueue_many
from portal.taxonomy.models import Region, ServiceArea

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
REPORT_LIMIT = 5000  # rows listed in a report; the counts are always whole


def _by_name_and_slug(queryset, name_field="name") -> dict:
    known = {}
    for obj in queryset:
        known[getattr(obj, name_field).strip().lower()] = obj
        known[obj.slug] = obj
    return known


def _choices(choices) -> dict:
    return {**{value: value for value, _ in choices}, **{str(label).lower(): value for value, label in choices}}


def vocabulary() -> Vocabulary:
    """What import rows may name, read once."""
    roles = _choices(ContributorRole.choices)
    roles.update({"lived experience": ContributorRole.LIVED_EXPERIENCE, "carer": ContributorRole.CARER})
    return Vocabulary(
        service_areas=_by_name_and_slug(ServiceArea.objects.all()),
        regions=_by_name_and_slug(Region.objects.all()),
        principles={
            **_by_name_and_slug(PrinciplePage.objects.all(), "title"),
            **{p.short_title.strip().lower(): p for p in PrinciplePage.objects.all()},
        },
        organisations=_by_name_and_slug(Organisation.objects.all()),
        existing_slugs=set(CaseStudyPage.objects.values_list("slug", flat=True)),
        cost_comparisons=_choices(CostComparison.choices),
        statuses=_choices(CaseStudyStatus.choices),
        roles=roles,
        licences=_choices(Licence.choices),
    )


@transaction.atomic
def create_import(*, uploaded, publish: bool, all_or_nothing: bool, user=None) -> CaseStudyImport:
    """Record an uploaded file as an import and queue it for the worker (after this transaction commits)."""
    from portal.imports.tasks import run_import

    name = getattr(uploaded, "name", "import.csv")
    file_format = "json" if name.lower().endswith(".json") else "csv"
    job = CaseStudyImport(
        file_name=name[:255], file_format=file_format, publish=publish, all_or_nothing=all_or_nothing, created_by=user
    )
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", uploaded, save=False)
    job.save()
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_from_bytes(*, data: bytes, file_format: str, publish: bool, all_or_nothing: bool, user=None):
    """An import of these bytes, run here and now (management command, bench, tests)."""
    job = CaseStudyImport(
        file_name=f"command-line.{file_format}",
        file_format=file_format,
        publish=publish,
        all_or_nothing=all_or_nothing,
        created_by=user,
    )
    job.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(data), save=False)
    job.save()
    return job


def _report_entry(row: CaseStudyRow) -> dict:
    return {"row": row.number, "title": row.title[:120], "errors": row.errors}


def run_import(
    *,
    job: CaseStudyImport,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    stop_after=None,
) -> CaseStudyImport:
    """Check every row, then import the good ones batch by batch; a resumed job skips the rows it made.

    `stop_after` (a number of batches) lets tests and the bench interrupt an import on purpose.
    """
    # Claim the job: of two workers handed the same import, one runs it. (A stopped run left it
    # "running"; resume_import() queues it again.)
    claimed = CaseStudyImport.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        raw = raw_rows(data, job.file_format)
    except FileError as error:
        return _finish(job, ImportStatus.REFUSED, error=str(error))
    except OSError as error:
        logger.exception("import %s: the file could not be read", job.pk)
        return _finish(job, ImportStatus.FAILED, error=f"The uploaded file could not be read ({error}).")
    del data

    done_keys = set(job.imported.values_list("key", flat=True))
    rows = check_rows(raw, vocabulary(), skip_keys=done_keys)
    del raw
    refused = [row for row in rows if not row.is_valid]
    job.total_rows, job.refused_rows = len(rows), len(refused)
    job.report = [_report_entry(row) for row in refused[:REPORT_LIMIT]]
    job.imported_rows = len(done_keys)
    job.save(update_fields=["total_rows", "refused_rows", "report", "imported_rows"])
    if refused and job.all_or_nothing and not done_keys:
        return _finish(job, ImportStatus.REFUSED)

    to_import = [row for row in rows if row.is_valid and row.key not in done_keys]
    index = CaseStudyIndexPage.objects.get()
    batches = 0
    try:
        for batch in _chunks(to_import, batch_size):
            with transaction.atomic():
                pages = insert_case_studies(rows=batch, parent=index, publish=job.publish, user=job.created_by)
                ImportedRow.objects.bulk_create(
                    [
                        ImportedRow(job=job, key=row.key, row_number=row.number, page_id=page.pk)
                        for row, page in zip(batch, pages, strict=True)
                    ]
                )
                CaseStudyImport.objects.filter(pk=job.pk).update(imported_rows=F("imported_rows") + len(batch))
            job.imported_rows += len(batch)
            batches += 1
            if progress is not None:
                progress(job.imported_rows, len(to_import) + len(done_keys))
            if stop_after is not None and batches >= stop_after:
                return job
    except Exception as error:
        logger.exception("import %s stopped", job.pk)
        return _finish(
            job,
            ImportStatus.FAILED,
            error=f"The import stopped at a batch that could not be saved ({error}); run it again to resume.",
        )
    return _finish(job, ImportStatus.DONE)


def _finish(job: CaseStudyImport, status: str, error: str = "") -> CaseStudyImport:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if status in (ImportStatus.DONE, ImportStatus.REFUSED) and job.file:
        job.file.delete(save=False)  # nothing left to resume: the report keeps what the editor needs
    job.save(update_fields=["status", "error", "finished_at", "file"])
    if job.imported_rows:
        from portal.imports.tasks import catch_up_search_index

        transaction.on_commit(catch_up_search_index.enqueue)
    return job


def catch_up_search_index() -> dict:
    """Bring the search table and Elasticsearch up to date with the outbox rows imports left (worker)."""
    from portal.search import client, database
    from portal.search import services as search

    stored = database.sync()
    pushed = search.sync() if client.is_configured() else {}
    return {"stored": stored, "pushed": pushed}


def _chunks(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _body(text: str) -> list:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        return []
    html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return [{"type": "section", "value": {"kind": "what_was_done", "heading": "", "text": html}}]


def _profiles_named(names) -> dict:
    """lower-case display name -> profile id, the first made winning (as `network.selectors.profile_named`)."""
    lowered = {name.strip().lower() for name in names}
    if not lowered:
        return {}
    found = {}
    matches = active_profiles().annotate(lower_name=Lower("display_name")).filter(lower_name__in=lowered)
    for lower_name, pk in matches.order_by("-pk").values_list("lower_name", "pk"):
        found[lower_name] = pk
    return found


def _tags_named(names) -> dict:
    """name -> Tag, creating the missing ones."""
    names = set(names)
    if not names:
        return {}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tag = Tag(name=name)
        tag.save()  # taggit finds a free slug; few new tags per batch
        tags[name] = tag
    return tags


def _next_steps(parent: Page, count: int) -> list[str]:
    """Paths for `count` new last children of `parent`, numbered once for the batch (treebeard's scheme)."""
    # A range rather than treebeard's LIKE, so the path index answers it however large the tree.
    depth = parent.depth + 1
    children = Page.objects.filter(depth=depth, path__gt=parent.path, path__lte=parent.path + "Z" * Page.steplen)
    last = children.order_by("-path").values_list("path", flat=True).first()
    start = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    return [Page._get_path(parent.path, depth, start + offset) for offset in range(count)]


def insert_case_studies(
    *, rows: list[CaseStudyRow], parent: CaseStudyIndexPage, publish: bool, user=None
) -> list[CaseStudyPage]:
    """Create one page per checked row under `parent`, in bulk; call inside a transaction."""
    now = timezone.now()
    parent = Page.objects.select_for_update().get(pk=parent.pk)  # one numbering at a time under this parent
    page_type = ContentType.objects.get_for_model(CaseStudyPage)
    base_type = ContentType.objects.get_for_model(Page)
    paths = _next_steps(parent, len(rows))
    pages = []
    for row, path in zip(rows, paths, strict=True):
        page = CaseStudyPage(
            title=row.title,
            draft_title=row.title,
            slug=row.slug,
            content_type=page_type,
            path=path,
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{row.slug}/",
            locale_id=parent.locale_id,
            owner=user,
            live=publish,
            has_unpublished_changes=not publish,
            first_published_at=now if publish else None,
            last_published_at=now if publish else None,
            latest_revision_created_at=now,
            summary=row.summary,
            service_area=row.service_area,
            region=row.region,
            body=_body(row.body),
            evidence_level=row.evidence_level,
            cost_comparison=row.cost_comparison,
            cost_note=row.cost_note,
            start_year=row.start_year,
            end_year=row.end_year,
            status=row.status,
            people_reached=row.people_reached,
            last_reviewed=row.last_reviewed,
            submitted_by=None,
        )
        if row.licence:
            page.licence = row.licence
        pages.append(page)

    insert_inherited(pages)  # the Page rows, then the case study rows
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

    _insert_children(rows, pages)

    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=page_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        if publish:
            page.live_revision = revision
    _point_at_revisions(pages)
    _log(pages, revisions, publish=publish, user=user, now=now, page_type=page_type)
    _index_references(pages, page_type=page_type, base_type=base_type)
    indexed = type_for_model(CaseStudyPage)
    if indexed is not None:
        # The rows are written with the pages; the index takes them in bulk once the import ends.
        enqueue_many(indexed=indexed, object_ids=[page.pk for page in pages], push=False)
    return pages


def _point_at_revisions(pages) -> None:
    if connection.vendor != "postgresql":  # SQLite for `make run`: small imports, Django's own way
        Page.objects.bulk_update(
            [
                Page(pk=p.pk, latest_revision_id=p.latest_revision_id, live_revision_id=p.live_revision_id)
                for p in pages
            ],
            ["latest_revision", "live_revision"],
        )
        return
    # One UPDATE from a list of values: bulk_update's CASE WHEN costs more than the inserts for 500 rows.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page AS page SET latest_revision_id = v.latest, live_revision_id = v.live "
            "FROM (SELECT unnest(%s::integer[]) AS id, unnest(%s::integer[]) AS latest, "
            "unnest(%s::integer[]) AS live) AS v "
            "WHERE page.id = v.id",
            [[p.pk for p in pages], [p.latest_revision_id for p in pages], [p.live_revision_id for p in pages]],
        )


def _insert_children(rows: list[CaseStudyRow], pages: list[CaseStudyPage]) -> None:
    profiles = _profiles_named(name for row in rows for name, _ in row.contributors)
    tags = _tags_named(tag for row in rows for tag in row.tags)
    applications, measures, contributors, organisations, tagged = [], [], [], [], []
    for row, page in zip(rows, pages, strict=True):
        page._applications = [
            PrincipleApplication(page=page, principle=principle, strength=strength, how=how, sort_order=i)
            for i, (principle, strength, how) in enumerate(row.principles)
        ]
        page._measures = [
            ImpactMeasure(page=page, sort_order=i, **values) for i, values in enumerate(row.impact_measures)
        ]
        page._contributors = [
            CaseStudyContributor(page=page, name=name, role=role, profile_id=profiles.get(name.lower()), sort_order=i)
            for i, (name, role) in enumerate(row.contributors)
        ]
        page._organisations = [
            CaseStudyOrganisation(page=page, organisation=organisation, sort_order=i)
            for i, organisation in enumerate(row.organisations)
        ]
        page._tagged = [CaseStudyTag(content_object=page, tag=tags[name]) for name in row.tags]
        applications += page._applications
        measures += page._measures
        contributors += page._contributors
        organisations += page._organisations
        tagged += page._tagged
    for model, objects in (
        (PrincipleApplication, applications),
        (ImpactMeasure, measures),
        (CaseStudyContributor, contributors),
        (CaseStudyOrganisation, organisations),
        (CaseStudyTag, tagged),
    ):
        model.objects.bulk_create(objects, batch_size=2000)
    # The page's in-memory relations now hold saved rows: its revision and references read them.
    for page in pages:
        page.principle_applications = page._applications
        page.impact_measures = page._measures
        page.contributors = page._contributors
        page.organisation_links = page._organisations
        page.tagged_items = page._tagged
        page.wagtail_admin_comments = []  # a new page has no editor comments: saves a query per page


def _log(pages, revisions, *, publish: bool, user, now, page_type) -> None:
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {"content_type": page_type, "page_id": page.pk, "user": user, "label": page.get_admin_display_title()}
        entries.append(PageLogEntry(action="wagtail.create", timestamp=now, content_changed=True, **common))
        if publish:
            entries.append(
                PageLogEntry(action="wagtail.publish", timestamp=now, revision=revision, content_changed=True, **common)
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=2000)


def _index_references(pages, *, page_type, base_type) -> None:
    """The reference index rows Wagtail writes when a page is saved, for the whole batch at once."""
    references = []
    for page in pages:
        for to_type_id, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(page)):
            references.append(
                ReferenceIndex(
                    content_type=page_type,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    to_content_type_id=to_type_id,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(references, batch_size=2000, ignore_conflicts=True)


def resume_import(*, job: CaseStudyImport, enqueue: bool = True) -> CaseStudyImport:
    """Queue an interrupted or failed import again (for the worker, unless `enqueue` is off); made rows are skipped."""
    from portal.imports.tasks import run_import as run_import_task

    if job.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.QUEUED):
        return job
    CaseStudyImport.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, error="")
    if enqueue:
        transaction.on_commit(lambda: run_import_task.enqueue(job.pk))
    job.refresh_from_db()
    return job
