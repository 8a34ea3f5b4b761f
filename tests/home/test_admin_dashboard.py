"""The admin dashboard shows editors what needs attention."""

import datetime

from django.utils import timezone

from tests.practices.factories import CaseStudyPageFactory


def test_dashboard_shows_submissions_stale_case_studies_and_new_members(client, site_tree, django_user_model):
    CaseStudyPageFactory(title="Old news", last_reviewed=timezone.localdate() - datetime.timedelta(days=700))
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1"))

    response = client.get("/admin/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Case studies awaiting review" in body
    assert "Not reviewed for 18 months (1)" in body
    assert "Old news" in body
    assert "Newest members" in body
