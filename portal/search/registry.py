"""The indexed types: which model, which document, how to list and serialize its objects.

Each app that exposes a type to search keeps its serializer next to its models, in `indexing.py`;
this registry only names them. A type whose app is not installed is simply not registered.
"""

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
    # Other models whose changes show in these documents, and which documents (ids) a change touches.
    depends_on: tuple[str, ...] = ()
    dependents: Callable = lambda instance: []
    # Loads, for a list of objects at once, what serialize() reads (returns the list).
    prepare: Callable = lambda objects: objects

    def documents(self, objects) -> list[tuple[str, dict]]:
        """(id, document) for each object, related data loaded in bulk first."""
        objects = self.prepare(list(objects))
        return [(str(obj.pk), self.serialize(obj)) for obj in objects]

    @property
    def is_page(self) -> bool:
        from django.apps import apps
        from wagtail.models import Page

        return issubclass(apps.get_model(self.model_label), Page)


def _types() -> list[IndexedType]:
    from portal.network.indexing import PROFILE_DEPENDENCIES, indexable_profiles, profile_document, profiles_showing
    from portal.practices.indexing import (
        CASE_STUDY_DEPENDENCIES,
        attach_index_data,
        case_studies_showing,
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
            CASE_STUDY_DEPENDENCIES,
            case_studies_showing,
            attach_index_data,
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
            PROFILE_DEPENDENCIES,
            profiles_showing,
        ),
    ]
    try:
        from portal.discussions import indexing as discussions
    except ImportError:
        return types
    types.append(
        IndexedType(
            "topics",
            "topic",
            "Discussions",
            "discussions.Topic",
            TopicDocument,
            discussions.indexable_topics,
            discussions.topic_document,
            getattr(discussions, "TOPIC_DEPENDENCIES", ()),
            getattr(discussions, "topics_showing", lambda instance: []),
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


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}".lower()


def type_for_model(model) -> IndexedType | None:
    label = _label(model)
    return next((t for t in indexed_types() if t.model_label.lower() == label), None)


def types_depending_on(model) -> list[IndexedType]:
    """The types whose documents show something of this model's objects."""
    label = _label(model)
    return [t for t in indexed_types() if label in (d.lower() for d in t.depends_on)]


def kind_labels() -> dict[str, str]:
    return {t.kind: t.label for t in indexed_types()}
