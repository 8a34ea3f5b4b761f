"""Events in search, both engines: found with an upcoming/past facet; a private group's events never indexed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.events import services
from portal.search import database, elastic
from portal.search.results import SearchRequest, forget_facet_labels
from portal.search.services import rebuild_all
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_events(es_index_prefix, private_event):
    forget_facet_labels()
    EventFactory(title="Participatory budgeting evening", summary="Residents share how they voted on budgets.")
    start = timezone.now() - timedelta(days=30)
    EventFactory(
        title="Participatory budgeting retrospective",
        summary="What the budgeting round taught us.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    private_event.summary = "Participatory budgeting for the circle only."
    private_event.save()
    services.mark_ended()
    rebuild_all()  # Elasticsearch's indices and the database's search table


@pytest.mark.parametrize("engine", [elastic.search, database.database_search], ids=["elasticsearch", "database"])
def test_events_are_found_with_an_upcoming_or_past_facet(indexed_events, engine):
    everything = engine(SearchRequest(q="participatory budgeting", filters={"type": ["event"]}))
    upcoming = engine(SearchRequest(q="participatory budgeting", filters={"type": ["event"], "when": ["upcoming"]}))

    assert sorted(hit["title"] for hit in everything.hits) == [
        "Participatory budgeting evening",
        "Participatory budgeting retrospective",
    ]
    assert {entry["value"]: entry["count"] for entry in everything.facets["when"]} == {"upcoming": 1, "past": 1}
    assert [hit["title"] for hit in upcoming.hits] == ["Participatory budgeting evening"]


def test_an_ended_event_is_marked_once(db):
    start = timezone.now() - timedelta(hours=3)
    EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))

    assert services.mark_ended() == 1
    assert services.mark_ended() == 0
