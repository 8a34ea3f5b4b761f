"""Editors manage a group's members in the Wagtail admin: the roster with roles, finding and adding someone,
making an organiser, removing; each change through the groups services and in the group's history."""

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.groups.models import Membership, Role
from tests.accounts.factories import with_authenticator_app
from tests.groups.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site_tree):
    user = person("Edie Tor")
    editors, _ = AuthGroup.objects.get_or_create(name="Group editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="groups", codename="change_group"),
    )
    user.groups.add(editors)
    with_authenticator_app(user)
    return user


def roster_url(group):
    return reverse("groups_admin_members", args=[group.pk])


def history(group):
    return list(ModelLogEntry.objects.filter(object_id=str(group.pk), action__startswith="groups.member_"))


def test_the_roster_lists_everyone_with_their_role_by_display_name(client, editor, open_group, organiser, member):
    client.force_login(editor)

    page = client.get(roster_url(open_group)).content.decode()

    assert "In the group (2)" in page
    assert "Olu Organiser" in page
    assert "Mina Member" in page
    assert ">Organiser</td>" in page
    assert organiser.username not in page
    assert ">Make an organiser<" in page


def test_an_editor_finds_someone_and_adds_them_as_an_organiser(client, editor, open_group, outsider):
    client.force_login(editor)

    found = client.get(roster_url(open_group), {"q": "otto"}).content.decode()
    response = client.post(
        reverse("groups_admin_add_member", args=[open_group.pk]), {"user": outsider.pk, "role": "organiser"}
    )

    assert "Otto Outsider" in found
    assert response.status_code == 302
    assert Membership.objects.get(group=open_group, user=outsider).role == Role.ORGANISER
    [entry] = history(open_group)
    assert (entry.action, entry.user, entry.message) == (
        "groups.member_add",
        editor,
        "Added Otto Outsider as an organiser",
    )
    page = client.get(reverse("wagtailsnippets_groups_group:history", args=[open_group.pk])).content.decode()
    assert "Added Otto Outsider as an organiser" in page


def test_an_editor_makes_a_member_an_organiser_and_removes_someone(client, editor, open_group, organiser, member):
    client.force_login(editor)
    membership = Membership.objects.get(group=open_group, user=member)

    client.post(reverse("groups_admin_set_role", args=[open_group.pk, membership.pk]), {"role": "organiser"})
    client.post(reverse("groups_admin_remove_member", args=[open_group.pk, Membership.objects.get(user=organiser).pk]))

    assert list(open_group.memberships.values_list("user_id", "role")) == [(member.pk, Role.ORGANISER)]
    assert [entry.message for entry in history(open_group)] == [
        "Removed Olu Organiser",
        "Made Mina Member an organiser",
    ]


def test_the_last_organiser_of_a_group_with_members_stays(client, editor, open_group, organiser):
    client.force_login(editor)
    only_organiser = Membership.objects.get(user=organiser)

    response = client.post(reverse("groups_admin_remove_member", args=[open_group.pk, only_organiser.pk]), follow=True)

    assert "Make another member an organiser first" in response.content.decode()
    assert Membership.objects.filter(pk=only_organiser.pk).exists()
    assert history(open_group) == []


def test_members_without_the_permission_are_refused(client, open_group, member, site_tree):
    with_authenticator_app(member)
    client.force_login(member)

    response = client.post(
        reverse("groups_admin_add_member", args=[open_group.pk]), {"user": member.pk, "role": "organiser"}
    )

    assert response.status_code in (302, 403)
    assert Membership.objects.get(user=member).role == Role.MEMBER


def test_the_groups_list_links_to_each_groups_members(client, editor, open_group):
    client.force_login(editor)

    page = client.get(reverse("wagtailsnippets_groups_group:list")).content.decode()

    assert roster_url(open_group) in page
