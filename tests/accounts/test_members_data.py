"""Members' data: the download (only its owner opens it) and the deletion that leaves nothing behind."""

import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from PIL import Image
from wagtail.images import get_image_model
from wagtail.log_actions import log

from portal.accounts import services
from portal.accounts.models import DataExport, DeletedAccount
from portal.discussions import services as discussions
from portal.discussions.members_data import FORMER_MEMBER, REMOVED_COMMENT
from portal.discussions.models import Topic
from portal.events import services as events
from portal.events.models import Registration, RegistrationState
from portal.evidence.models import SavedSearch
from portal.groups import services as groups
from portal.groups.models import Group, Membership, Role
from portal.moderation import services as moderation
from portal.moderation.models import Report, TakedownRequest
from portal.network import services as network
from portal.network.models import ContactMessage, MemberBlock, MemberMute, PractitionerProfile
from portal.notifications import services as notification_services
from portal.practices.models import CaseStudyContributor, CaseStudyPage
from tests.accounts.conftest import sign_in
from tests.accounts.factories import with_authenticator_app
from tests.discussions.conftest import make_member
from tests.discussions.factories import TopicFactory
from tests.events.factories import EventFactory
from tests.evidence.factories import EvidencePackFactory, PackItemFactory
from tests.groups.factories import GroupFactory
from tests.network.factories import PASSWORD, PractitionerProfileFactory, UserFactory
from tests.practices.factories import CaseStudyContributorFactory, CaseStudyPageFactory

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Quillfeather"


def png(name="avatar.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def active_member(media):
    """A member who has done a bit of everything, with a name and address found nowhere else."""
    email = f"zq-{uuid.uuid4().hex[:8]}@example.org"
    user = UserFactory(email=email, username=email)  # so that anything naming the account names the address
    profile = PractitionerProfileFactory(user=user, display_name=NAME, bio="Runs a time bank.")
    services.record_terms_consent(user=user, version="2026-11")
    profile.visibility = {**profile.visibility, "bio": "members"}
    profile.avatar.save("zq.png", png(), save=True)
    other = make_member("Olu Other")
    network.follow(follower=profile, followed=other.profile)
    network.follow(follower=other.profile, followed=profile)
    topic = TopicFactory(author=user, title="Time banks and GP surgeries", body="How do we start one?")
    reply = discussions.post_comment(target=topic, user=other, text="Start with one surgery.")
    discussions.post_comment(target=topic, user=user, text="Thank you, that helps.", reply_to=reply)
    discussions.toggle_reaction(comment=reply, user=user, kind="like")
    discussions.flag_comment(comment=discussions.post_comment(target=topic, user=other, text="Buy pills"), user=user)
    notification_services.set_delivery(user=user, kind="discussions.comment", delivery="daily")
    shared = CaseStudyPageFactory(title="A shared time bank", live=True)
    CaseStudyContributorFactory(page=shared, name=NAME, profile=profile)
    CaseStudyContributorFactory(page=shared, name="Olu Other", profile=other.profile)
    shared.save_revision(user=user).publish()
    own_draft = CaseStudyPageFactory(title="A draft only she wrote", live=False, submitted_by=user, owner=user)
    CaseStudyContributorFactory(page=own_draft, name=NAME, profile=profile)
    own_draft.save_revision(user=user)
    get_image_model().objects.create(title="Unused upload", file=png("unused.png"), uploaded_by_user=user)
    log(user, "wagtail.create", user=user)  # the audit trail names the account
    take_part_in_groups_events_and_the_queue(user, other, shared)
    SavedSearch.objects.create(owner=user, name="Time banks", query="time bank")
    PackItemFactory(pack=EvidencePackFactory(owner=user, name=f"{NAME}'s pack"), case_study=shared, note="Strong")
    return user


def take_part_in_groups_events_and_the_queue(user, other, page):
    """Groups, events, the review queue and member-to-member contact: a membership that leads a group, a
    proposal, a place others wait for, an event organised, reports, a take-down request, messages, mutes
    and blocks both ways."""
    led = GroupFactory(name="Millbrook time bankers")
    Membership.objects.create(group=led, user=user, role=Role.ORGANISER)
    groups.join_group(group=led, user=other)
    groups.propose_group(proposer=user, name="Time bank circle", kind="topic", access="open", summary="Hi")
    full = EventFactory(title="A full workshop", capacity=1)
    events.register(event=full, user=user)
    events.register(event=full, user=other)  # waits for her place
    EventFactory(title="Her own meet-up", organisers=[user], created_by=user)
    moderation.report(kind="network.profile", obj=other.profile, reporter=user, reason="spam", note=f"By {NAME}")
    moderation.request_takedown(
        page=page,
        page_url=page.url or "/",
        reason="personal-information",
        details="My photo.",
        name=NAME,
        email=user.email.upper(),
    )
    network.set_open_to(profile=other.profile, offers=["mentoring"])
    network.send_contact_message(sender=user, profile=other.profile, about="mentoring", message=f"{NAME} here")
    network.send_contact_message(sender=other, profile=user.profile, about="", message=f"Dear {NAME}")
    third, fourth = make_member("Tess Third"), make_member("Fred Fourth")
    network.mute_member(user=user, other=third)
    network.mute_member(user=fourth, other=user)
    network.block_member(user=user, other=fourth)
    network.block_member(user=third, other=user)


def test_the_download_holds_every_apps_json_and_the_members_uploads(active_member):
    client, _ = sign_in(active_member)
    response = client.get(reverse("accounts:your_data"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))  # the password again, first
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("accounts:your_data")).status_code == 200

    response = client.post(reverse("accounts:request_data_export"))
    assert response.status_code == 302, response
    assert "/data/exports/" in response["Location"], response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    download = client.get(response["Location"] + "?download=1")

    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = set(archive.namelist())
    assert {
        "account.json",
        "network.json",
        "discussions.json",
        "case_studies.json",
        "notifications.json",
        "README.txt",
    } <= names
    assert "uploads/network/avatar.png" in names
    assert any(name.startswith("uploads/case_studies/") and name.endswith("unused.png") for name in names)
    profile = json.loads(archive.read("network.json"))["profile"]
    assert profile["display_name"] == NAME
    assert profile["who_sees_each_field"]["bio"] == "members"
    discussions_data = json.loads(archive.read("discussions.json"))
    assert [c["text"] for c in discussions_data["comments"]] == ["Thank you, that helps."]
    assert discussions_data["topics"][0]["title"] == "Time banks and GP surgeries"
    assert len(discussions_data["reactions"]) == 1
    assert len(discussions_data["reports_made"]) == 1
    assert json.loads(archive.read("notifications.json"))["settings"] == {"discussions.comment": "daily"}
    practices = json.loads(archive.read("case_studies.json"))
    assert [c["title"] for c in practices["case_studies_submitted"]] == ["A draft only she wrote"]
    assert sorted(c["title"] for c in practices["credited_on"]) == ["A draft only she wrote", "A shared time bank"]
    account = json.loads(archive.read("account.json"))
    assert account["email_addresses"][0]["email"] == active_member.email
    assert [consent["version"] for consent in account["terms_agreed"]] == ["2026-11"]
    assert "secret" not in json.dumps(account)
    assert DataExport.objects.get(user=active_member).downloaded_at is not None
    evidence = json.loads(archive.read("evidence.json"))
    assert [saved["query"] for saved in evidence["saved_searches"]] == ["time bank"]
    assert evidence["evidence_packs"][0]["items"] == [{"case_study": "A shared time bank", "note": "Strong"}]
    groups_data = json.loads(archive.read("groups.json"))
    assert [m["group"] for m in groups_data["memberships"]] == ["Millbrook time bankers", "Time bank circle"]
    assert groups_data["proposed_groups"] == ["Time bank circle"]
    events_data = json.loads(archive.read("events.json"))
    assert [(r["event"], r["state"]) for r in events_data["registrations"]] == [("A full workshop", "registered")]
    assert [e["event"] for e in events_data["organised"]] == ["Her own meet-up"]
    queue = json.loads(archive.read("moderation.json"))
    assert ("Spam", f"By {NAME}") in [(r["reason"], r["note"]) for r in queue["reports_made"]]
    assert [(t["details"], t["name"]) for t in queue["takedown_requests"]] == [("My photo.", NAME)]
    assert queue["queue_items_you_decided"] == []
    assert queue["bulk_decisions_you_made"] == []
    contact = json.loads(archive.read("network.json"))
    assert [m["message"] for m in contact["contact_messages_sent"]] == [f"{NAME} here"]
    assert [(m["from"], m["message"]) for m in contact["contact_messages_received"]] == [("Olu Other", f"Dear {NAME}")]
    assert [m["name"] for m in contact["members_you_muted"]] == ["Tess Third"]
    assert [m["name"] for m in contact["members_you_blocked"]] == ["Fred Fourth"]


def test_a_data_export_link_opened_by_someone_else_is_refused(active_member):
    export = services.request_data_export(user=active_member)
    stranger = Client()
    stranger.force_login(PractitionerProfileFactory(display_name="Nosy Neighbour").user)

    url = reverse("accounts:data_export", args=[export.token])
    assert stranger.get(url).status_code == 404
    assert stranger.get(url + "?download=1").status_code == 404
    assert Client().get(url + "?download=1")["Location"].startswith(reverse("account_login"))


def test_an_expired_data_export_link_is_refused(active_member):
    export = services.request_data_export(user=active_member)
    DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=2))
    client = Client()
    client.force_login(active_member)

    assert client.get(reverse("accounts:data_export", args=[export.token]) + "?download=1").status_code == 404


def text_columns_containing(needle: str) -> list[str]:
    """Every text and JSON column of every table in the database that holds `needle`."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 - names from the catalogue
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def index_hits(needle: str) -> int:
    from portal.search import client as es

    client = es.get_bulk_client()
    pattern = es.index_name("*")
    client.indices.refresh(index=pattern)
    query = {"simple_query_string": {"query": f'"{needle}"', "fields": ["*"], "lenient": True}}
    return client.search(index=pattern, query=query, size=0)["hits"]["total"]["value"]


def test_after_deletion_nothing_of_the_members_name_or_email_is_left_in_the_database_or_the_index(
    active_member, es_index_prefix, django_capture_on_commit_callbacks, media
):
    from portal.search import services as search

    search.rebuild_all()
    email = active_member.email
    assert text_columns_containing(NAME)
    assert text_columns_containing(email)
    assert index_hits(NAME) >= 1
    profile_address = PractitionerProfile.objects.get(user=active_member).get_absolute_url()
    assert text_columns_containing(profile_address)  # the follow notice links to it
    avatar = media / PractitionerProfile.objects.get(user=active_member).avatar.name
    assert avatar.is_file()
    assert avatar.exists()
    client, _ = sign_in(active_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:deleted")
    assert text_columns_containing(NAME) == []
    assert text_columns_containing(email) == []
    assert text_columns_containing(profile_address) == []
    assert index_hits(NAME) == 0
    assert index_hits(email) == 0
    assert not avatar.exists()
    assert not get_user_model().objects.filter(email=email).exists()


def test_deletion_keeps_threads_and_shared_case_studies_but_not_the_members_own_draft(active_member):
    user_id = active_member.pk
    comment_id = XtdComment.objects.get(user=active_member).pk
    topic_id = Topic.objects.get(author=active_member).pk

    record = services.delete_account(user_id=user_id)

    comment = XtdComment.objects.get(pk=comment_id)
    assert (comment.name, comment.comment, comment.user_email) == (FORMER_MEMBER, REMOVED_COMMENT, "")
    assert Topic.objects.get(pk=topic_id).author is None
    shared = CaseStudyPage.objects.get(title="A shared time bank")
    assert list(CaseStudyContributor.objects.filter(page=shared).values_list("name", flat=True)) == ["Olu Other"]
    assert not CaseStudyPage.objects.filter(title="A draft only she wrote").exists()
    assert not get_image_model().objects.filter(title="Unused upload").exists()
    assert record.pseudonym.startswith("former-member-")
    assert record.former_user_id == user_id
    assert record.email_hash == ""  # kept only for a suspended member


def test_deletion_frees_places_hands_on_groups_and_keeps_reports_and_requests_unsigned(active_member):
    other = get_user_model().objects.get(profile__display_name="Olu Other")
    takedown_id = TakedownRequest.objects.get(email__iexact=active_member.email).pk

    services.delete_account(user_id=active_member.pk)

    workshop = Registration.objects.get(event__title="A full workshop")
    assert (workshop.user, workshop.state) == (other, RegistrationState.REGISTERED)  # promoted from waiting
    assert Membership.objects.get(group__name="Millbrook time bankers").role == Role.ORGANISER
    assert not Group.objects.filter(name="Time bank circle").exists()  # an undecided proposal is withdrawn
    assert Report.objects.filter(reporter__isnull=True, note="").count() >= 2
    takedown = TakedownRequest.objects.get(pk=takedown_id)
    assert (takedown.details, takedown.name, takedown.email) == ("My photo.", "", "")
    assert not ContactMessage.objects.exists()
    assert not MemberMute.objects.exists()
    assert not MemberBlock.objects.exists()


def test_other_members_notices_lose_what_the_member_wrote_and_their_profile_link(active_member):
    from portal.notifications.models import Notification

    services.delete_account(user_id=active_member.pk)

    reply = Notification.objects.get(kind="discussions.reply")
    assert "comment_text" not in reply.context
    assert reply.actor is None
    follow = Notification.objects.get(kind="network.follower")
    assert (follow.title, follow.target_url) == ("A former member started following you", "")


def test_a_member_may_keep_the_text_of_their_comments(active_member):
    comment_id = XtdComment.objects.get(user=active_member).pk

    services.delete_account(user_id=active_member.pk, keep_comment_text=True)

    comment = XtdComment.objects.get(pk=comment_id)
    assert (comment.name, comment.comment) == (FORMER_MEMBER, "Thank you, that helps.")


def test_a_suspended_member_leaves_a_hash_of_their_email_and_nothing_else(active_member):
    network.suspend_account(profile=active_member.profile, reason="Repeated abuse")
    email = active_member.email

    record = services.delete_account(user_id=active_member.pk)

    assert record.email_hash == services.email_hash(email)
    assert email not in record.email_hash
    assert record.suspension_reason == "Repeated abuse"
    assert record.suspended_at is not None


def test_a_deletion_requested_twice_deletes_once_and_answers_the_second_calmly(active_member):
    client, _ = sign_in(active_member)
    form = {"password": PASSWORD, "confirm": "on"}
    assert client.post(reverse("accounts:delete_account"), form)["Location"] == reverse("accounts:deleted")

    again = client.post(reverse("accounts:delete_account"), form)

    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))
    assert DeletedAccount.objects.count() == 1
    with pytest.raises(services.AccountGone):
        services.delete_account(user_id=active_member.pk)


def test_a_deleted_members_old_session_cookie_opens_nothing(active_member):
    old_browser, _ = sign_in(active_member)
    other_browser = Client()
    other_browser.cookies = old_browser.cookies  # the cookie a second tab, or a thief, still holds
    laptop, _ = sign_in(active_member)

    laptop.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert old_browser.get(reverse("accounts:overview"))["Location"].startswith(reverse("account_login"))
    assert other_browser.get(reverse("network:directory")).status_code == 200
    assert "Sign out" not in other_browser.get(reverse("network:directory")).content.decode()


def test_deleting_needs_the_password(member):
    client = Client()
    client.force_login(member)

    response = client.post(reverse("accounts:delete_account"), {"password": "not-it", "confirm": "on"})

    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_deleting_needs_the_second_factor_when_the_member_has_one(member):
    _, recovery_codes = with_authenticator_app(member)
    client = Client()
    client.force_login(member)
    url = reverse("accounts:delete_account")

    assert client.post(url, {"password": PASSWORD, "confirm": "on"}).status_code == 400
    assert client.post(url, {"password": PASSWORD, "confirm": "on", "code": "123456"}).status_code == 400
    assert get_user_model().objects.filter(pk=member.pk).exists()
    response = client.post(url, {"password": PASSWORD, "confirm": "on", "code": recovery_codes[0]})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()


def test_accounts_never_verified_are_deleted_after_the_set_number_of_days(settings, capsys):
    settings.UNVERIFIED_ACCOUNT_DAYS = 14
    long_ago = timezone.now() - timedelta(days=15)
    stale = UserFactory(verified=False, date_joined=long_ago)
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    recent = UserFactory(verified=False)
    EmailAddress.objects.create(user=recent, email=recent.email, verified=False, primary=True)
    verified = UserFactory(date_joined=long_ago)

    call_command("delete_unverified_accounts")

    assert "Deleted 1 unverified account." in capsys.readouterr().out
    remaining = set(get_user_model().objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {recent.pk, verified.pk} <= remaining
