"""The indexed types: which model, which document, how to list and serialize its objects."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from portal.search.documents import (
    CaseStudyDocument,
    PortalDocument,
    PrincipleDocument,
    ProfileDocument,
    TopicDocument,
)


@dataclass(frozen=True)
class IndexedType:
    name: str  # alias suffix and outbox key, e.g. "case-studies"
    kind: str  # the `kind` field of its documents
    label: str
    model_label: str  # "app_label.ModelName"
    document: type[PortalDocument]
    queryset: Callable  # the objects that belong in the index, prefetched for serializing
    serialize: Callable  # object -> document fields


def _types() -> list[IndexedType]:
    from portal.network.indexing import indexable_profiles, profile_document
    from portal.practices.indexing import (
        case_study_document,
        indexable_case_studies,
        indexable_principles,
        principle_document,
    )

    types = [
        IndexedType(
            "case-studies",
            "case_study",
            "Case studies",
            "practices.CaseStudyPage",
            CaseStudyDocument,
            indexable_case_studies,
            case_study_document,
        ),
        IndexedType(
            "principles",
            "principle",
            "Principles",
            "practices.PrinciplePage",
            PrincipleDocument,
            indexable_principles,
            principle_document,
        ),
        IndexedType(
            "profiles",
            "profile",
            "Practitioners",
            "network.PractitionerProfile",
            ProfileDocument,
            indexable_profiles,
            profile_document,
        ),
    ]
    try:
        from portal.discussions.indexing import indexable_topics, topic_document
    except ImportError:
        return types
    types.append(
        IndexedType(
            "topics", "topic", "Discussions", "discussions.Topic", TopicDocument, indexable_topics, topic_document
        )
    )
    return types


@cache
def indexed_types() -> tuple[IndexedType, ...]:
    return tuple(_types())


def indexed_type(name: str) -> IndexedType:
    for candidate in indexed_types():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def type_for_model(model) -> IndexedType | None:
    label = f"{model._meta.app_label}.{model.__name__}"
    return next((t for t in indexed_types() if t.model_label.lower() == label.lower()), None)


def kind_labels() -> dict[str, str]:
    return {t.kind: t.label for t in indexed_types()}
