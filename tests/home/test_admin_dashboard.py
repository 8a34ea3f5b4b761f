"""The admin dashboard shows editors what needs attention."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions import services as discussions
from portal.home.groups import ensure_groups
from tests.accounts.factories import with_authenticator_app
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.practices.conftest import health, london, review_workflow, tree  # noqa: F401 - fixtures used below
from tests.practices.factories import CaseStudyPageFactory


def test_dashboard_shows_submissions_stale_case_studies_and_new_members(client, site_tree, django_user_model):
    CaseStudyPageFactory(title="Old news", last_reviewed=timezone.localdate() - datetime.timedelta(days=700))
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    with_authenticator_app(chief)  # the admin asks superusers for a second factor
    client.force_login(chief)

    response = client.get("/admin/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Not reviewed for 18 months (1)" in body
    assert "Old news" in body
    assert "Newest members" in body


def test_a_submission_shows_once_in_wagtails_review_panel(client, django_user_model, review_workflow, health, london):  # noqa: F811
    from portal.practices.services import CaseStudySubmission, submit_case_study

    member = django_user_model.objects.create_user("member", "member@example.org", "a-long-password-1")
    submission = CaseStudySubmission(
        title="Tenants run the repairs desk",
        summary="Tenants and housing staff share the repairs desk and set its priorities together.",
        service_area=health,
        region=london,
        principles=[],
        sections={"what_was_done": "Tenants were trained to take calls."},
        evidence_level=2,
        tags=[],
    )
    submit_case_study(user=member, submission=submission)
    editor = make_member("Review Editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    with_authenticator_app(editor)  # the admin asks editors for a second factor
    client.force_login(editor)

    body = client.get("/admin/").content.decode()

    assert "Awaiting your review" in body
    assert "Case studies awaiting review" not in body  # our own copy of that panel is gone
    assert "Tenants run the repairs desk" in body


@pytest.fixture
def staff_in(django_user_model, site_tree):
    ensure_groups(django_apps)

    def make(group_name):
        user = make_member(f"{group_name} person")
        user.groups.add(Group.objects.get(name=group_name))
        with_authenticator_app(user)  # the admin asks editors and moderators for a second factor
        return django_user_model.objects.get(pk=user.pk)

    return make


@pytest.fixture
def comments_to_moderate(db):
    topic = TopicFactory()
    author, reporter = make_member("Held Author"), make_member("Careful Reader")
    held = discussions.hold_comment(comment=_comment(topic, author, "Buy cheap pills at this link"))
    reported = _comment(topic, author, "A rude remark about commissioners")
    discussions.flag_comment(comment=reported, user=reporter)
    _comment(topic, author, "A thoughtful reply nobody minds")
    discussions.remove_comment(comment=_comment(topic, author, "Spam already dealt with"))
    return held, reported


def _comment(topic, user, text):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(topic),
        object_pk=str(topic.pk),
        site_id=settings.SITE_ID,
        user=user,
        comment=text,
        submit_date=timezone.now(),
    )


def test_moderators_see_held_and_reported_comments_and_reach_the_moderation_admin(
    client, staff_in, comments_to_moderate
):
    held, _ = comments_to_moderate
    client.force_login(staff_in("Moderators"))

    body = client.get("/admin/").content.decode()

    assert "Held or reported comments (2)" in body
    assert "Buy cheap pills" in body
    assert "A rude remark" in body
    assert "published · reported 1 time · by " in body
    assert "thoughtful reply" not in body
    assert "Spam already" not in body
    edit_url = reverse("wagtailsnippets_django_comments_xtd_xtdcomment:edit", args=[held.pk])
    assert f'href="{edit_url}"' in body
    assert client.get(edit_url).status_code == 200
    assert client.get(reverse("wagtailsnippets_django_comments_xtd_xtdcomment:list")).status_code == 200


def test_editors_see_the_comments_panel_without_moderation_links(client, staff_in, comments_to_moderate):
    held, _ = comments_to_moderate
    client.force_login(staff_in("Editors"))

    body = client.get("/admin/").content.decode()

    assert "Held or reported comments (2)" in body
    assert reverse("wagtailsnippets_django_comments_xtd_xtdcomment:edit", args=[held.pk]) not in body


def test_comments_panel_reads_a_fixed_number_of_queries(client, staff_in, django_assert_max_num_queries):
    client.force_login(staff_in("Moderators"))
    topic = TopicFactory()
    author, reporter = make_member("Prolific"), make_member("Reporter")
    client.get("/admin/")
    for n in range(8):
        discussions.flag_comment(comment=_comment(topic, author, f"Reported remark {n}"), user=reporter)

    with django_assert_max_num_queries(60) as captured:
        assert client.get("/admin/").status_code == 200
    few = len(captured)
    for n in range(8):
        discussions.hold_comment(comment=_comment(topic, author, f"Held remark {n}"))

    with django_assert_max_num_queries(few):
        assert client.get("/admin/").status_code == 200
