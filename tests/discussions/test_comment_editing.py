"""Editing and deleting one's own comment: the rules of posting, "edited", placeholders, history for moderators."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions import selectors, services
from portal.discussions.models import MENTION_KIND, CommentRevision, LatePublication, Topic
from portal.notifications.models import Notification
from tests.discussions.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(topic, member):
    return services.post_comment(target=topic, user=member, text="We pay **£17** an hour.")


def edit(client, comment, text):
    return client.post(reverse("discussions:comment_edit", args=[comment.pk]), {"comment": text})


def test_the_author_edits_and_the_thread_says_edited(client, topic, comment, member):
    client.force_login(member)

    response = edit(client, comment, "We pay **£18** an hour now.")

    assert response.status_code == 302
    assert response.url == f"{topic.get_absolute_url()}?c={comment.pk}#c{comment.pk}"
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<strong>£18</strong>" in html
    assert "£17" not in html
    assert 'class="comment__edited"' in html
    assert list(CommentRevision.objects.values_list("text", flat=True)) == ["We pay **£17** an hour."]


def test_an_edit_is_sent_to_open_pages_as_a_late_publication(
    topic, comment, member, django_capture_on_commit_callbacks
):
    services.edit_comment(comment=comment, editor=member, text="Changed")

    late = LatePublication.objects.get(comment=comment)
    missed = selectors.comments_since(comment.content_type, topic.pk, since_id=comment.pk, since_late=0)
    event = selectors.comment_event(missed[0])
    assert (event["id"], event["late"]) == (comment.pk, late.pk)
    assert "Changed" in event["html"]
    assert "edited" in event["html"]


def test_only_the_author_may_edit(client, comment, other_member):
    client.force_login(other_member)

    assert edit(client, comment, "Not mine").status_code == 404
    assert XtdComment.objects.get(pk=comment.pk).comment == "We pay **£17** an hour."


def test_an_edit_after_the_window_is_refused_with_a_reason(client, comment, member, settings):
    XtdComment.objects.filter(pk=comment.pk).update(submit_date=timezone.now() - timedelta(minutes=31))
    client.force_login(member)

    response = edit(client, comment, "Too late")

    assert response.status_code == 403
    assert "30 minutes" in response.content.decode()


@pytest.mark.parametrize(("text", "message"), [("   ", "Write something"), ("x" * 6000, "at most")])
def test_an_edit_keeps_the_length_and_emptiness_rules(client, comment, member, text, message, settings):
    settings.COMMENT_MAX_LENGTH = 5000
    client.force_login(member)

    response = edit(client, comment, text)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CommentRevision.objects.exists()


def test_an_edit_adding_a_link_by_a_new_member_holds_the_comment(client, topic, comment, member):
    client.force_login(member)

    edit(client, comment, "See https://example.org")

    assert not XtdComment.objects.get(pk=comment.pk).is_public
    client.logout()
    assert "https://example.org" not in client.get(topic.get_absolute_url()).content.decode()


def test_edits_count_against_the_rate_limit(client, comment, member):
    client.force_login(member)
    for _ in range(services.COMMENT_RATE):
        services.count_comment(member)

    assert edit(client, comment, "One more").status_code == 429


def test_an_edit_that_adds_a_mention_tells_the_member_once(comment, member, other_member):
    services.edit_comment(comment=comment, editor=member, text=f"Ask @{other_member.profile.slug}")
    services.edit_comment(comment=comment, editor=member, text=f"Ask @{other_member.profile.slug} please")

    assert Notification.objects.filter(recipient=other_member, kind=MENTION_KIND).count() == 1


def test_the_author_deletes_and_a_placeholder_keeps_the_replies(client, topic, comment, member, other_member):
    reply = services.post_comment(target=topic, user=other_member, text="A reply that stays", reply_to=comment)
    client.force_login(member)

    assert (
        "Delete your comment?" in client.get(reverse("discussions:comment_delete", args=[comment.pk])).content.decode()
    )
    client.post(reverse("discussions:comment_delete", args=[comment.pk]))

    html = client.get(topic.get_absolute_url()).content.decode()
    assert "This comment was deleted by its author." in html
    assert "£17" not in html
    assert f'id="c{reply.pk}"' in html
    assert XtdComment.objects.get(pk=comment.pk).comment == ""
    assert Topic.objects.get(pk=topic.pk).reply_count == 1


def test_a_deleted_comments_text_is_not_in_the_live_catch_up(topic, comment, member):
    services.delete_comment(comment=comment, user=member)

    missed = selectors.comments_since(comment.content_type, topic.pk, since_id=0, since_late=0)
    event = selectors.comment_event(missed[0])
    assert "£17" not in event["html"]
    assert "deleted by its author" in event["html"]


def test_deleting_takes_back_notices_not_yet_emailed(topic, member, other_member):
    services.follow(user=other_member, target=topic)
    comment = services.post_comment(target=topic, user=member, text="Regretted")
    assert Notification.objects.filter(recipient=other_member).exists()

    services.delete_comment(comment=comment, user=member)

    assert not Notification.objects.filter(recipient=other_member).exists()


def test_someone_else_cannot_delete(client, comment, other_member):
    client.force_login(other_member)

    assert client.post(reverse("discussions:comment_delete", args=[comment.pk])).status_code == 404
    with pytest.raises(services.CommentChangeRefused):
        services.delete_comment(comment=comment, user=other_member)


def test_moderators_read_earlier_versions_and_members_do_not(client, comment, member, moderator):
    services.edit_comment(comment=comment, editor=member, text="Second version")
    url = reverse("discussions:comment_history", args=[comment.pk])

    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert "<strong>£17</strong>" in html
    assert "Second version" in html


def test_a_quote_link_prefills_the_reply_form_without_javascript(client, topic, comment, other_member):
    client.force_login(other_member)

    html = client.get(f"{topic.get_absolute_url()}?quote={comment.pk}").content.decode()

    assert '<details class="comment__reply-box" open>' in html
    link = f"{topic.get_absolute_url()}?c={comment.pk}#c{comment.pk}"
    assert f"&gt; **Amira Okafor** [wrote]({link}):\n&gt;\n&gt; We pay **£17** an hour.\n\n</textarea>" in html


def test_a_quote_of_an_unknown_comment_is_ignored(client, topic, comment, other_member):
    client.force_login(other_member)

    response = client.get(f"{topic.get_absolute_url()}?quote=nonsense")

    assert response.status_code == 200
    assert " open>" not in response.content.decode()


def test_a_muted_members_comments_fold_away_for_the_muter_only(client, topic, comment, member, other_member):
    from portal.network import services as network

    network.mute_member(user=other_member, other=member)
    client.force_login(other_member)
    assert "You muted Amira Okafor: show the comment" in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(make_member("Third Reader"))
    assert "You muted" not in client.get(topic.get_absolute_url()).content.decode()
