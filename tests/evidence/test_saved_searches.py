"""Saved searches and alerts: saving, the change queue, the batched job, notifications and the private feed."""

import pytest
from django.urls import reverse

from portal.evidence import alerts, services
from portal.evidence.models import CaseStudyChange, SavedSearch, SavedSearchHit
from portal.notifications.models import Notification
from portal.search import database as search_database
from portal.search.services import rebuild_all
from tests.evidence.conftest import publish
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def save(member, name="Time banks", q="time bank", **filters):
    params = {"q": [q], **{key: [value] for key, value in filters.items()}}
    return services.save_search(owner=member, name=name, params=params)


def run_alerts(**kwargs):
    rebuild_all()  # what the index outbox does after each commit
    return alerts.send_saved_search_alerts(**kwargs)


def test_a_member_saves_a_search_from_the_results_without_javascript(client, member):
    client.force_login(member)
    results = client.get("/search/", {"q": "time bank", "service_area": "health"}).content.decode()
    link = reverse("evidence:saved_search_create") + "?q=time+bank&amp;service_area=health"
    assert link in results
    form = client.get(reverse("evidence:saved_search_create"), {"q": "time bank", "service_area": "health"})
    assert form.status_code == 200
    response = client.post(
        reverse("evidence:saved_search_create"),
        {"q": "time bank", "service_area": "health", "name": "<b>Banks</b> & bonds"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=member)
    assert (saved.query, saved.filters) == ("time bank", {"service_area": ["health"]})
    page = client.get(reverse("evidence:saved_search_list")).content.decode()
    assert "&lt;b&gt;Banks&lt;/b&gt; &amp; bonds" in page
    assert saved.get_feed_url() in page


def test_anonymous_visitors_are_asked_to_sign_in_to_save(client):
    assert b"Sign in to save this search" in client.get("/search/", {"q": "time bank"}).content


def test_bad_saved_searches_are_a_clear_400(client, member):
    client.force_login(member)
    response = client.post(reverse("evidence:saved_search_create"), {"q": "", "name": "Everything"})
    assert response.status_code == 400
    assert b"Search for something first" in response.content
    response = client.get(reverse("evidence:saved_search_create"), {"q": "x", "evidence": "9"})
    assert response.status_code == 400
    assert b"between 1 and 5" in response.content


def test_first_publication_and_alerting_changes_are_queued_but_other_edits_are_not(published_case_study):
    case_study = published_case_study()
    assert CaseStudyChange.objects.get(case_study_id=case_study.pk).is_first_publication
    case_study.cost_note = "Cheaper than the day centre."
    publish(case_study)
    assert CaseStudyChange.objects.count() == 1
    case_study.summary = "A new summary."
    case_study.evidence_level = 4
    publish(case_study)
    change = CaseStudyChange.objects.latest("pk")
    assert change.changed_fields == ["summary", "evidence_level"]


def test_a_matching_publication_alerts_the_member_once_in_the_site_by_email_and_in_the_feed(
    client, member, published_case_study, es_index_prefix
):
    saved = save(member)
    other = save(UserFactory(), name="Recycling", q="recycling")
    case_study = published_case_study(title="Time bank at the surgery")

    stats = run_alerts()

    assert stats["alerts"] == 1
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == alerts.ALERT_KIND
    assert notice.title == "1 new or changed case study for “Time banks”"
    assert notice.delivery == "daily"
    assert notice.email_state == "pending"  # the worker sends it in the daily digest
    assert not Notification.objects.filter(recipient=other.owner).exists()
    feed = client.get(saved.get_feed_url())
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert case_study.title.encode() in feed.content
    assert b"Newly published" in feed.content

    assert run_alerts()["alerts"] == 0  # nothing changed since
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_new_revision_that_changes_the_title_alerts_again_and_says_what_changed(
    client, member, published_case_study, es_index_prefix
):
    saved = save(member)
    case_study = published_case_study(title="Time bank at the surgery")
    run_alerts()
    case_study.title = "Time bank at the surgery, three years on"
    publish(case_study)
    assert run_alerts()["alerts"] == 1
    hit = SavedSearchHit.objects.filter(saved_search=saved).first()
    assert (hit.is_new, hit.changed_fields) == (False, ["title"])
    assert b"Changed: title" in client.get(saved.get_feed_url()).content


def test_a_case_study_unpublished_before_the_run_alerts_nobody(member, published_case_study, es_index_prefix):
    save(member)
    case_study = published_case_study(title="Time bank at the surgery")
    case_study.unpublish()
    assert run_alerts()["alerts"] == 0
    assert not Notification.objects.exists()


def test_saved_searches_are_processed_in_batches_and_shared_searches_asked_once(
    member, published_case_study, es_index_prefix
):
    for n in range(5):
        save(UserFactory(), name=f"Banks {n}")
    published_case_study(title="Time bank at the surgery")
    stats = run_alerts(batch_size=2)
    assert (stats["batches"], stats["saved_searches"], stats["alerts"]) == (3, 5, 5)


def test_alerts_work_in_reduced_mode_from_the_database(member, published_case_study, settings):
    settings.ELASTICSEARCH_URL = ""
    save(member)
    published_case_study(title="Time bank at the surgery")
    search_database.sync()  # what the outbox stores after the commit this test never makes
    assert alerts.send_saved_search_alerts()["alerts"] == 1


def test_a_revoked_or_renewed_feed_address_answers_404(client, member):
    saved = save(member)
    old = saved.get_feed_url()
    services.renew_feed(saved_search=saved)
    assert client.get(old).status_code == 404
    assert client.get(saved.get_feed_url()).status_code == 200
    services.revoke_feed(saved_search=saved)
    assert client.get(old).status_code == 404
    assert client.get(reverse("evidence:saved_search_feed", args=["x" * 32])).status_code == 404


def test_only_the_owner_manages_a_saved_search(client, member):
    saved = save(member)
    client.force_login(UserFactory())
    assert client.post(reverse("evidence:saved_search_delete", args=[saved.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
