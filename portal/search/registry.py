"""The indexed types: which model, which document, how to list and serialize its objects.

Each app that exposes a type to search keeps its serializer next to its models, in `indexing.py`;
this registry only names them. A type whose app is not installed is simply not registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from portal.search.documents import (
    CaseStudyDocument,
    EventDocument,
    OrganisationDocument,
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
    # Both engines search these document fields, a match in each counting by its weight...
    fields: dict[str, float] = field(default_factory=lambda: {"title": 4.0, "summary": 2.0, "body": 1.0})
    # ...filter and count these facets (name in the URL -> document field)...
    facets: dict[str, str] = field(default_factory=dict)
    # ...and weigh the type as a whole: evidence before people and discussions for a topical query.
    boost: float = 1.0
    # Documents a type holds for some searchers only (a private group's topics) carry `restricted_to`, a list
    # of keys; both engines return such a document only to a searcher holding one of them. This gives the
    # keys a user holds (none for anonymous visitors).
    readable_keys: Callable = lambda user: []

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
    from portal.network import indexing as network
    from portal.practices import indexing as practices

    types = [
        IndexedType(
            "case-studies",
            "case_study",
            "Case studies",
            "practices.CaseStudyPage",
            CaseStudyDocument,
            practices.indexable_case_studies,
            practices.case_study_document,
            practices.CASE_STUDY_DEPENDENCIES,
            practices.case_studies_showing,
            practices.attach_index_data,
            fields=practices.CASE_STUDY_FIELDS,
            facets=practices.CASE_STUDY_FACETS,
        ),
        IndexedType(
            "principles",
            "principle",
            "Principles",
            "practices.PrinciplePage",
            PrincipleDocument,
            practices.indexable_principles,
            practices.principle_document,
            fields=practices.PRINCIPLE_FIELDS,
            facets=practices.PRINCIPLE_FACETS,
            boost=0.8,
        ),
        IndexedType(
            "profiles",
            "profile",
            "Practitioners",
            "network.PractitionerProfile",
            ProfileDocument,
            network.indexable_profiles,
            network.profile_document,
            network.PROFILE_DEPENDENCIES,
            network.profiles_showing,
            fields=network.PROFILE_FIELDS,
            facets=network.PROFILE_FACETS,
            boost=0.5,
        ),
        IndexedType(
            "organisations",
            "organisation",
            "Organisations",
            "network.Organisation",
            OrganisationDocument,
            network.indexable_organisations,
            network.organisation_document,
            network.ORGANISATION_DEPENDENCIES,
            network.organisations_showing,
            fields=network.ORGANISATION_FIELDS,
            facets=network.ORGANISATION_FACETS,
            boost=0.5,
        ),
    ]
    types += _event_types()
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
            getattr(discussions, "attach_access", lambda objects: objects),
            fields=discussions.TOPIC_FIELDS,
            facets=discussions.TOPIC_FACETS,
            boost=0.5,
            readable_keys=getattr(discussions, "readable_topic_keys", lambda user: []),
        )
    )
    return types


def _event_types() -> list[IndexedType]:
    from portal.events import indexing as events

    return [
        IndexedType(
            "events",
            "event",
            "Events",
            "events.Event",
            EventDocument,
            events.indexable_events,
            events.event_document,
            events.EVENT_DEPENDENCIES,
            events.events_showing,
            fields=events.EVENT_FIELDS,
            facets=events.EVENT_FACETS,
            boost=0.6,
        )
    ]


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


def readable_keys(user) -> tuple[str, ...]:
    """Every key of restricted documents this searcher may find, across the types (none for visitors)."""
    return tuple(sorted({key for indexed in indexed_types() for key in indexed.readable_keys(user)}))


def kind_labels() -> dict[str, str]:
    return {t.kind: t.label for t in indexed_types()}


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Names for facet values (slugs, numbers), from the apps whose documents carry them."""
    from portal.events import indexing as events
    from portal.network import indexing as network
    from portal.practices import indexing as practices

    return {**practices.facet_value_labels(), **network.facet_value_labels(), **events.facet_value_labels()}
