"""Co-authors: invited by name or address, credited and linked only once they accept."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from portal.notifications.models import Notification
from portal.practices import coauthors
from portal.practices.models import CaseStudyPage, CoAuthorInvitation, Submission
from portal.practices.notifications import CO_AUTHOR_ANSWERED, CO_AUTHOR_INVITED
from tests.network.factories import UserFactory
from tests.practices.test_submission_lifecycle import complete, send  # noqa: F401 (fixture)

BASE = "https://portal.example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.PORTAL_BASE_URL = BASE


def member_named(name, username):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.profile.display_name = name
    user.profile.save()
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def submitter(client, db):
    user = member_named("Rosa Lindqvist", "zz-rosa-8120")
    client.force_login(user)
    return user


@pytest.fixture
def draft(client, submitter, complete):  # noqa: F811
    send(client, complete, action="save")
    return Submission.objects.get()


def invite(client, draft, who, role="lived-experience"):
    return client.post(f"/submissions/{draft.pk}/co-authors/", {"who": who, "role": role})


def run_worker():
    call_command("run_worker", "--batch", verbosity=0)


def test_a_member_named_by_name_is_asked_and_not_credited_until_they_accept(client, submitter, draft, complete):  # noqa: F811
    amal = member_named("Amal Haddad", "zz-amal-8121")

    response = invite(client, draft, "amal hadd")

    assert response.status_code == 302
    invitation = CoAuthorInvitation.objects.get()
    assert invitation.profile == amal.profile
    notice = Notification.objects.get(recipient=amal, kind=CO_AUTHOR_INVITED)
    assert notice.title == "Rosa Lindqvist invites you to be credited on “Tenants run the repairs desk”"
    send(client, complete, url=f"/submissions/{draft.pk}/")
    page = CaseStudyPage.objects.get()
    assert [c.name for c in page.get_latest_revision_as_object().contributors.all()] == ["Rosa Lindqvist"]

    amal_client = Client()
    amal_client.force_login(amal)
    amal_client.post(f"/co-author-invitations/{invitation.token}/", {"answer": "accept"})

    page.refresh_from_db()
    credited = page.get_latest_revision_as_object().contributors.all()
    assert [(c.name, c.role, c.profile_id) for c in credited][1] == ("Amal Haddad", "lived-experience", amal.profile.pk)
    assert page.current_workflow_state is not None  # still in review, with the credit in the new revision
    assert Notification.objects.filter(recipient=submitter, kind=CO_AUTHOR_ANSWERED).exists()


def test_an_address_of_a_member_links_that_member(client, submitter, draft, mailoutbox):
    amal = member_named("Amal Haddad", "zz-amal-8122")

    invite(client, draft, amal.email)
    run_worker()

    invitation = CoAuthorInvitation.objects.get()
    assert invitation.profile == amal.profile
    (message,) = mailoutbox  # the notice's email, not a second invitation
    assert message.to == [amal.email]
    assert "Hello Amal Haddad," in message.body
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert submitter.username not in part
        assert amal.username not in part
    links = LINK.findall(message.body) + re.findall(r'href="([^"]+)"', html)
    assert f"{BASE}/co-author-invitations/{invitation.token}/" in links
    assert all(link.startswith(f"{BASE}/") for link in links), links
    assert amal.email in client.get(f"/submissions/{draft.pk}/").content.decode()  # shown as typed


def test_an_unknown_address_gets_one_email_in_the_portals_voice(client, submitter, draft, mailoutbox):
    invite(client, draft, "carer.jones@example.net", role="carer")
    run_worker()
    run_worker()

    (message,) = mailoutbox
    assert message.to == ["carer.jones@example.net"]
    assert "Rosa Lindqvist" in message.subject
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert submitter.username not in part
    links = LINK.findall(message.body) + re.findall(r'href="([^"]+)"', html)
    assert links
    assert all(link.startswith(f"{BASE}/") for link in links), links
    token = CoAuthorInvitation.objects.get().token
    assert f"{BASE}/co-author-invitations/{token}/" in message.body


def test_someone_invited_by_email_signs_up_and_accepts(client, submitter, draft):
    invite(client, draft, "new.person@example.net")
    invitation = CoAuthorInvitation.objects.get()
    newcomer = member_named("Nia Evans", "zz-nia-8123")
    visitor = Client()

    page = visitor.get(f"/co-author-invitations/{invitation.token}/").content.decode()
    assert "sign in" in page
    assert visitor.post(f"/co-author-invitations/{invitation.token}/", {"answer": "accept"}).status_code == 302
    visitor.force_login(newcomer)
    visitor.post(f"/co-author-invitations/{invitation.token}/", {"answer": "accept"})

    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert invitation.accepted_by == newcomer.profile


def test_a_revoked_invitation_cannot_be_accepted(client, submitter, draft):
    invite(client, draft, "new.person@example.net")
    invitation = CoAuthorInvitation.objects.get()

    client.post(f"/submissions/{draft.pk}/co-authors/{invitation.pk}/withdraw/")

    newcomer = member_named("Nia Evans", "zz-nia-8124")
    other = Client()
    other.force_login(newcomer)
    response = other.post(f"/co-author-invitations/{invitation.token}/", {"answer": "accept"}, follow=True)
    assert "This invitation was withdrawn." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_declining_needs_no_account_and_credits_nobody(client, submitter, draft):
    invite(client, draft, "new.person@example.net")
    invitation = CoAuthorInvitation.objects.get()

    Client().post(f"/co-author-invitations/{invitation.token}/", {"answer": "decline"})

    invitation.refresh_from_db()
    assert invitation.state == "declined"
    assert coauthors.accepted_co_authors(draft) == []


def test_a_members_invitation_cannot_be_accepted_by_someone_else(client, submitter, draft):
    member_named("Amal Haddad", "zz-amal-8125")
    invite(client, draft, "Amal Haddad")
    invitation = CoAuthorInvitation.objects.get()
    intruder = Client()
    intruder.force_login(member_named("Ivo Stone", "zz-ivo-8126"))

    intruder.post(f"/co-author-invitations/{invitation.token}/", {"answer": "accept"})

    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_inviting_the_same_person_twice_is_refused(client, submitter, draft):
    invite(client, draft, "new.person@example.net")

    response = invite(client, draft, "New.Person@example.net")

    assert response.status_code == 400
    assert "invited already" in response.content.decode()
    assert CoAuthorInvitation.objects.count() == 1


def test_invitations_are_rate_limited(client, submitter, draft):
    for n in range(coauthors.INVITATIONS_PER_HOUR):
        invite(client, draft, f"person{n}@example.net")

    response = invite(client, draft, "one.more@example.net")

    assert response.status_code == 400
    assert "try again later" in response.content.decode()


def test_an_unknown_name_asks_for_an_address(client, submitter, draft):
    response = invite(client, draft, "Nobody Bythatname")

    assert response.status_code == 400
    assert "Invite them by email address instead." in response.content.decode()


def test_accepting_credits_a_published_case_study_at_once(client, submitter, draft, complete, review_workflow):  # noqa: F811
    from django.contrib.auth.models import Group

    editor = UserFactory(username="zz-ed-8127")
    editor.groups.add(Group.objects.get(name="Editors"))
    send(client, complete, url=f"/submissions/{draft.pk}/")
    page = CaseStudyPage.objects.get()
    page.current_workflow_state.current_task_state.approve(user=editor)
    amal = member_named("Amal Haddad", "zz-amal-8128")
    invite(client, draft, "Amal Haddad")
    amal_client = Client()
    amal_client.force_login(amal)

    amal_client.post(f"/co-author-invitations/{CoAuthorInvitation.objects.get().token}/", {"answer": "accept"})

    page.refresh_from_db()
    assert "Amal Haddad" in [c.name for c in page.contributors.all()]
    assert amal.profile.get_absolute_url() in client.get(page.url).content.decode()


def test_deleting_an_account_removes_its_drafts_and_invitations(client, submitter, draft):
    from portal.accounts import services as accounts
    from portal.practices.members_data import export_practices

    invite(client, draft, "new.person@example.net")
    amal = member_named("Amal Haddad", "zz-amal-8129")
    invite(client, draft, "Amal Haddad")
    exported = export_practices(submitter).data
    assert [s["title"] for s in exported["drafts_and_submissions"]] == ["Tenants run the repairs desk"]
    assert len(exported["co_author_invitations_sent"]) == 2
    assert len(export_practices(amal).data["co_author_invitations_received"]) == 1

    accounts.delete_account(user_id=submitter.pk)

    assert not Submission.objects.exists()
    assert not CoAuthorInvitation.objects.exists()


def test_the_co_author_box_suggests_members_by_name_to_the_sharer_only(client, submitter, draft):
    member_named("Amal Haddad", "zz-amal-8131")
    member_named("Amalia Ortiz", "zz-amalia-8132")

    page = client.get(f"/submissions/{draft.pk}/")
    suggested = client.get(f"/submissions/{draft.pk}/co-authors/suggestions/", {"q": "  amal "}).json()

    assert 'list="co-author-names"' in page.content.decode()
    assert [member["name"] for member in suggested["members"]] == ["Amal Haddad", "Amalia Ortiz"]
    assert "zz-amal" not in str(suggested)  # names only, never usernames
    assert client.get(f"/submissions/{draft.pk}/co-authors/suggestions/", {"q": "a"}).json() == {"members": []}
    assert client.get(f"/submissions/{draft.pk}/co-authors/suggestions/", {"q": "amal@x"}).json() == {"members": []}
    stranger = Client()
    stranger.force_login(member_named("Someone Else", "zz-else-8133"))
    assert stranger.get(f"/submissions/{draft.pk}/co-authors/suggestions/", {"q": "amal"}).status_code == 404
