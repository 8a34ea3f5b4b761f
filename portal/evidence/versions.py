"""Published versions of a case study: which revisions went live, when, and what each changed.

Read from Wagtail's own records (the publish log entries and their revisions), so the history is
the one editors see in the admin and nothing extra is written on publish.
"""

from dataclasses import dataclass, field
from datetime import datetime

from wagtail.models import PageLogEntry, Revision

# The parts of a case study a reader of a citation cares about, in the order a change list names them.
CITED_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "evidence_level": "Evidence level",
    "impact_measures": "Impact measures",
    "principle_applications": "Principles applied",
    "body": "Body",
    "licence": "Licence",
}
# A change to one of these is news for a saved search's alert.
ALERTING_FIELDS = ("title", "summary", "evidence_level", "impact_measures", "principle_applications")

_CHILD_KEYS = {
    "impact_measures": ("outcome", "metric", "baseline", "result", "unit", "period", "source"),
    "principle_applications": ("principle", "strength", "how"),
}


@dataclass
class Version:
    revision_id: int
    published_at: datetime
    changes: list[str] = field(default_factory=list)  # labels of CITED_FIELDS; empty for the first
    changed_fields: list[str] = field(default_factory=list)
    is_first: bool = False
    is_current: bool = False


def fingerprint(content: dict) -> dict:
    """The comparable parts of a revision's content (children without their ids and order keys)."""
    values = {}
    for name in CITED_FIELDS:
        value = content.get(name)
        if name in _CHILD_KEYS:
            value = sorted(
                (tuple(str(child.get(key, "")) for key in _CHILD_KEYS[name]) for child in value or []),
            )
        elif name == "body":
            value = (
                [(block.get("type"), block.get("value")) for block in value or []] if isinstance(value, list) else value
            )
        values[name] = value
    return values


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """Which cited fields differ between two revisions' contents (every one when there is no before)."""
    if before is None:
        return list(CITED_FIELDS)
    old, new = fingerprint(before), fingerprint(after)
    return [name for name in CITED_FIELDS if str(old[name]) != str(new[name])]


def published_versions(case_study) -> list[Version]:
    """Every published revision of a case study, oldest first, each with what it changed."""
    entries = list(
        PageLogEntry.objects.filter(page_id=case_study.pk, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    versions, before = [], None
    for entry in entries:
        content = entry.revision.content
        names = changed_fields(before, content)
        versions.append(
            Version(
                revision_id=entry.revision_id,
                published_at=entry.timestamp,
                changed_fields=names if before is not None else [],
                changes=[CITED_FIELDS[name] for name in names] if before is not None else [],
                is_first=before is None,
                is_current=entry.revision_id == case_study.live_revision_id,
            )
        )
        before = content
    return versions


def published_revision(case_study, revision_id: int):
    """A revision of this case study that was published at some point (with when), or None."""
    entry = (
        PageLogEntry.objects.filter(page_id=case_study.pk, action="wagtail.publish", revision_id=revision_id)
        .select_related("revision")
        .order_by("timestamp")
        .first()
    )
    return (entry.revision, entry.timestamp) if entry else (None, None)


def revision_of(revision_id: int) -> Revision | None:
    return Revision.objects.filter(pk=revision_id).first()


def previous_published_content(case_study, revision_id: int) -> dict | None:
    """The content of the revision published before this one, or None when this is the first publication."""
    entry = (
        PageLogEntry.objects.filter(page_id=case_study.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision_id)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.content if entry else None
