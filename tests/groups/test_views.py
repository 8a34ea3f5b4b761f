"""Groups' pages through the test client: listing, joining without JavaScript, organisers' pages, proposals."""

from django.test import Client

from portal.groups import selectors, services
from portal.groups.models import Group, GroupStatus, MembershipState
from portal.notifications.models import Notification


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_listing_shows_open_and_by_request_groups(open_group, by_request):
    page = client_for().get("/groups/").content.decode()
    assert open_group.name in page
    assert by_request[0].name in page


def test_bad_filters_are_ignored_not_refused(open_group):
    assert client_for().get("/groups/", {"kind": "nonsense", "region": "<b>"}).status_code == 200


def test_a_member_joins_an_open_group_with_a_plain_form_and_sees_its_members(open_group, outsider):
    client = client_for(outsider)
    response = client.post(f"/groups/{open_group.slug}/join/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are a member" in page
    assert "Mina Member" in page
    assert selectors.is_member(open_group, outsider)


def test_joining_asks_the_visitor_to_sign_in_first(open_group):
    response = client_for().post(f"/groups/{open_group.slug}/join/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_asking_to_join_then_the_organiser_approves_on_the_members_page(by_request, organiser, outsider):
    group, _ = by_request
    client_for(outsider).post(f"/groups/{group.slug}/join/")
    membership = group.memberships.get(user=outsider)
    assert membership.state == MembershipState.REQUESTED
    organiser_client = client_for(organiser)
    page = organiser_client.get(f"/groups/{group.slug}/members/").content.decode()
    assert "Otto Outsider" in page
    organiser_client.post(f"/groups/{group.slug}/members/{membership.pk}/approve/")
    assert selectors.is_member(group, outsider)


def test_the_members_page_is_for_organisers_only(open_group, member):
    assert client_for(member).get(f"/groups/{open_group.slug}/members/").status_code == 403


def test_an_organiser_invites_by_display_name_and_a_typo_gets_a_message(invite_only, organiser, outsider):
    group, _ = invite_only
    client = client_for(organiser)
    response = client.post(f"/groups/{group.slug}/members/invite/", {"person": "Nobody Here"}, follow=True)
    assert "No member has that display name" in response.content.decode()
    client.post(f"/groups/{group.slug}/members/invite/", {"person": "otto outsider"})
    assert group.memberships.get(user=outsider).state == MembershipState.INVITED
    page = client_for(outsider).get(f"/groups/{group.slug}/").content.decode()
    assert "Accept the invitation" in page


def test_an_unknown_member_action_is_a_404(open_group, organiser, member):
    membership = open_group.memberships.get(user=member)
    assert client_for(organiser).post(f"/groups/{open_group.slug}/members/{membership.pk}/explode/").status_code == 404


def test_an_organiser_sends_a_notice_from_the_site(open_group, organiser, member):
    client = client_for(organiser)
    assert client.post(f"/groups/{open_group.slug}/notice/", {"subject": "", "message": ""}).status_code == 200
    client.post(f"/groups/{open_group.slug}/notice/", {"subject": "Meeting", "message": "Tuesday at 6"})
    assert Notification.objects.filter(recipient=member, kind=services.NOTICE_KIND).count() == 1


def test_a_member_proposes_a_group_and_an_editor_sees_it(db, outsider):
    response = client_for(outsider).post(
        "/groups/propose/",
        {"name": "Co-production in housing", "kind": "topic", "access": "open", "summary": "Tenants and officers."},
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Co-production in housing")
    assert group.status == GroupStatus.PROPOSED
    assert client_for().get(f"/groups/{group.slug}/").status_code == 404


def test_a_regional_proposal_needs_a_region(db, outsider):
    response = client_for(outsider).post(
        "/groups/propose/", {"name": "Somewhere", "kind": "regional", "access": "open", "summary": "Near"}
    )
    assert response.status_code == 200
    assert "Choose the region" in response.content.decode()


def test_an_editor_creates_a_group_in_the_admin_with_its_slug_filled_and_a_forum(admin_client, outsider):
    response = admin_client.post(
        "/admin/snippets/groups/group/add/",
        {
            "name": "Wales co-producers",
            "slug": "",
            "kind": "regional",
            "access": "open",
            "status": "active",
            "summary": "Across Wales.",
            "description": "",
            "add_organiser": outsider.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get(name="Wales co-producers")
    assert group.slug == "wales-co-producers"
    assert group.forum is not None
    assert selectors.is_organiser(group, outsider)


def test_an_editor_approving_a_proposal_in_the_admin_tells_the_proposer(admin_client, outsider):
    group = services.propose_group(proposer=outsider, name="Carers", kind="topic", access="open", summary="Carers.")
    data = {
        "name": group.name,
        "slug": group.slug,
        "kind": "topic",
        "access": "open",
        "status": "active",
        "summary": "Carers.",
        "description": "",
    }
    assert admin_client.post(f"/admin/snippets/groups/group/edit/{group.pk}/", data).status_code == 302
    assert Notification.objects.filter(recipient=outsider, kind=services.APPROVED_KIND).count() == 1


def test_editors_may_manage_groups_in_the_admin(db):
    from django.apps import apps
    from django.contrib.auth.models import Group as UserGroup

    from portal.home.groups import ensure_groups

    ensure_groups(apps)  # what the migrations did (a transactional test before this one may have flushed it)

    codenames = set(UserGroup.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_group", "change_group", "delete_group"} <= codenames
