"""Avatars in the admin: the member's own picture or their initials, never Gravatar."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

from tests.accounts.factories import with_authenticator_app
from tests.network.factories import PractitionerProfileFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_a_member_without_a_picture_gets_their_initials(settings):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"  # even if someone turns Gravatar on
    user = PractitionerProfileFactory(display_name="Ada Lovelace").user
    url = avatar_url(user)
    assert url.startswith("data:image/svg+xml,")
    assert "AL" in url
    assert "gravatar" not in url


def test_a_member_s_uploaded_picture_is_used(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = PractitionerProfileFactory(display_name="Grace Hopper")
    profile.avatar = SimpleUploadedFile("grace.png", PNG, content_type="image/png")
    profile.save()
    assert avatar_url(profile.user) == profile.avatar.url


def test_the_admin_pages_request_no_gravatar(client, django_user_model, site_tree):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    with_authenticator_app(chief)
    client.force_login(chief)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert "data:image/svg+xml," in html
