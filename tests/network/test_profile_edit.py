"""A member edits their own profile: fields, per-field visibility, avatar and link validation."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.network.models import AVATAR_MAX_BYTES
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def image_file(name="me.png", image_format="PNG", size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture
def form_data(london, health, reciprocity):
    organisation = OrganisationFactory(name="Wellbeing Co-op")
    data = {
        "display_name": "Mina Member",
        "headline": "Runs a peer support group",
        "organisation": organisation.pk,
        "region": london.pk,
        "service_areas": [health.pk],
        "principles": [reciprocity.pk],
        "roles": ["citizen", "carer"],
        "open_to": ["mentoring"],
        "bio": "I started the group after my own recovery.",
        "links": "https://example.org/peer-group\nhttps://example.org/blog",
    }
    for name in (
        "headline",
        "roles",
        "organisation",
        "region",
        "service_areas",
        "principles",
        "bio",
        "avatar",
        "links",
        "open_to",
    ):
        data[f"{name}_visibility"] = "everyone"
    return data


def test_the_edit_page_needs_a_signed_in_member(client):
    response = client.get(reverse("network:profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_saves_their_profile_with_field_visibility(member_client, member, form_data):
    form_data["bio_visibility"] = "hidden"
    form_data["region_visibility"] = "members"
    response = member_client.post(reverse("network:profile_edit"), form_data)

    assert response.status_code == 302
    profile = member.profile
    profile.refresh_from_db()
    assert profile.headline == "Runs a peer support group"
    assert sorted(e.role for e in profile.role_entries.all()) == ["carer", "citizen"]
    assert [e.offer for e in profile.open_to_entries.all()] == ["mentoring"]
    assert [a.slug for a in profile.service_areas.all()] == ["health"]
    assert [p.slug for p in profile.principles.all()] == ["reciprocity"]
    assert profile.links == ["https://example.org/peer-group", "https://example.org/blog"]
    assert profile.visibility["bio"] == "hidden"
    assert profile.visibility["region"] == "members"


def test_a_member_uploads_an_avatar(member_client, member, form_data):
    form_data["avatar"] = image_file()
    response = member_client.post(reverse("network:profile_edit"), form_data)
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.avatar.name.startswith("avatars/")
    member.profile.avatar.delete(save=False)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png"), "Upload a valid image"),
        (lambda: image_file("me.gif", "GIF"), "Please upload a JPEG, PNG or WebP picture."),
        (lambda: image_file("me.bmp", "BMP"), "Please upload a JPEG, PNG or WebP picture."),
    ],
)
def test_an_avatar_that_is_not_a_supported_image_is_refused(member_client, form_data, upload, message):
    form_data["avatar"] = upload() if callable(upload) else upload
    response = member_client.post(reverse("network:profile_edit"), form_data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_avatar_that_is_too_large_is_refused(member_client, form_data):
    side = 1100  # random pixels do not compress: about 3.6 MB of PNG
    noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > AVATAR_MAX_BYTES
    form_data["avatar"] = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = member_client.post(reverse("network:profile_edit"), form_data)
    assert "The picture is too large" in response.content.decode()


def test_errors_are_listed_and_nothing_typed_is_lost(member_client, form_data):
    form_data["links"] = "not a link"
    response = member_client.post(reverse("network:profile_edit"), form_data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a web address starting with https://" in html
    assert 'class="error-summary"' in html
    assert "I started the group after my own recovery." in html
    assert 'value="Runs a peer support group"' in html
    assert "not a link" in html


def test_an_unknown_visibility_is_refused(member_client, form_data):
    form_data["bio_visibility"] = "the-world"
    response = member_client.post(reverse("network:profile_edit"), form_data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_an_avatar_loses_its_camera_and_location_data(member_client, member, form_data, settings, tmp_path):
    from tests.accounts.test_uploads import exif_of, photo_with_location

    settings.MEDIA_ROOT = tmp_path
    form_data["avatar"] = photo_with_location()

    assert member_client.post(reverse("network:profile_edit"), form_data).status_code == 302

    member.profile.refresh_from_db()
    with member.profile.avatar.open("rb") as stored:
        assert exif_of(stored.read()) == {}
