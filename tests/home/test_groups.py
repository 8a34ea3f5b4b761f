"""Members, Editors and Moderators: permissions follow from the group."""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.home.groups import ensure_groups
from tests.accounts.factories import with_authenticator_app
from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import CaseStudyPageFactory


@pytest.fixture
def groups(site_tree):
    ensure_groups(django_apps)
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def user_in(django_user_model, groups):
    def make(group_name):
        user = django_user_model.objects.create_user(group_name.lower(), f"{group_name}@example.org", "a-long-pw-1")
        user.groups.add(groups[group_name])
        return django_user_model.objects.get(pk=user.pk)  # fresh permission cache

    return make


def test_groups_exist_and_setting_them_up_twice_changes_nothing(groups):
    before = {name: set(group.permissions.values_list("codename", flat=True)) for name, group in groups.items()}

    ensure_groups(django_apps)

    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert before == after
    assert {"Members", "Editors", "Moderators"} <= set(after)


def test_editor_publishes_pages_and_manages_taxonomies(user_in):
    editor = user_in("Editors")
    case_study = CaseStudyPageFactory()

    assert editor.has_perm("wagtailadmin.access_admin")
    assert case_study.permissions_for_user(editor).can_publish()
    assert editor.has_perm("taxonomy.change_servicearea")
    assert editor.has_perm("network.add_organisation")
    assert editor.has_perm("home.change_sitechrome")
    assert editor.has_perm("wagtailsearchpromotions.add_searchpromotion")


def test_moderator_curates_people_but_does_not_publish(user_in):
    moderator = user_in("Moderators")
    case_study = CaseStudyPageFactory()

    assert moderator.has_perm("wagtailadmin.access_admin")
    assert moderator.has_perm("network.change_practitionerprofile")
    assert not case_study.permissions_for_user(moderator).can_publish()
    assert not moderator.has_perm("taxonomy.change_servicearea")
    assert moderator.has_perm("django_comments_xtd.can_moderate")
    assert moderator.has_perm("discussions.change_topic")


def test_moderator_moderates_comments_flags_and_suspensions(user_in, client):
    moderator = user_in("Moderators")
    with_authenticator_app(moderator)  # the admin asks moderators for a second factor
    profile = PractitionerProfileFactory()
    client.force_login(moderator)

    assert moderator.has_perm("django_comments.can_moderate")
    assert moderator.has_perm("django_comments_xtd.change_xtdcomment")
    assert moderator.has_perm("django_comments.change_commentflag")
    assert client.get(reverse("wagtailsnippets_django_comments_xtd_xtdcomment:list")).status_code == 200
    assert client.get(reverse("network_suspension", args=[profile.pk])).status_code == 200


def test_editor_sees_comments_but_leaves_moderating_them_to_moderators(user_in, client):
    editor = user_in("Editors")
    client.force_login(editor)

    assert editor.has_perm("django_comments_xtd.view_xtdcomment")
    assert not editor.has_perm("django_comments_xtd.change_xtdcomment")
    assert not editor.has_perm("django_comments.can_moderate")


def test_member_cannot_enter_the_admin(user_in, client):
    member = user_in("Members")
    client.force_login(member)

    assert not member.has_perm("wagtailadmin.access_admin")
    assert member.has_perm("django_comments_xtd.add_xtdcomment")
    assert member.has_perm("discussions.add_topic")
    assert not member.has_perm("django_comments_xtd.change_xtdcomment")
    assert client.get("/admin/").status_code == 403  # signed in, so no sign-in page: refused
