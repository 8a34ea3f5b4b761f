"""Avatars are an uploaded picture or generated initials, never a third-party image; staff accounts that never
filled in a profile stay out of the directory, the graph and the search index."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from portal.network.indexing import indexable_profiles
from portal.network.selectors import PublicProfile, public_profile
from tests.network.factories import PractitionerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfilled_staff(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "a-long-password-1", is_staff=True)
    user.profile.display_name = "Site Editor"
    user.profile.save()
    return user.profile


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Amara Okafor", "AO"), ("Jo", "J"), ("Mary Anne de la Cruz", "MC"), ("  ", "?"), ("(Sam) Lee", "L")],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words(name, initials):
    assert PublicProfile(pk=7, display_name=name, slug="x", url="/").initials == initials


def test_a_member_without_a_picture_gets_initials_in_the_directory_and_on_their_profile(client):
    profile = PractitionerProfileFactory(display_name="Amara Okafor")

    for url in (reverse("network:directory"), profile.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'class="avatar' in html
        assert ">AO</span>" in html
        assert "gravatar" not in html.lower()


def test_an_uploaded_picture_is_shown_instead_of_initials(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    profile = PractitionerProfileFactory(display_name="Amara Okafor")
    profile.avatar = SimpleUploadedFile("amara.png", b"not checked here", content_type="image/png")
    profile.save()

    html = client.get(profile.get_absolute_url()).content.decode()

    assert f'src="{public_profile(profile, AnonymousUser()).avatar_url}"' in html
    assert ">AO</span>" not in html


def test_the_admin_never_asks_gravatar_for_an_avatar(admin_client, site_tree):
    html = admin_client.get("/admin/").content.decode()

    assert "gravatar" not in html.lower()


def test_staff_who_never_filled_in_a_profile_stay_out_of_directory_graph_and_index(client, unfilled_staff):
    member = PractitionerProfileFactory(display_name="Amara Okafor")

    directory = client.get(reverse("network:directory")).content.decode()
    graph = client.get(reverse("network:graph_json") + f"?member={member.slug}").json()
    summary = client.get(reverse("network:graph_json")).json()

    assert "Amara Okafor" in directory
    assert "Site Editor" not in directory
    labels = {node["label"] for node in graph["nodes"]}
    assert "Amara Okafor" in labels
    assert "Site Editor" not in labels
    assert summary["totals"]["practitioner"] == 1
    assert client.get(reverse("network:graph_json") + f"?member={unfilled_staff.slug}").status_code == 404
    assert set(indexable_profiles().values_list("pk", flat=True)) == {member.pk}


def test_staff_who_fill_in_their_profile_are_listed_like_anyone(client, unfilled_staff):
    unfilled_staff.headline = "Commissions adult social care"
    unfilled_staff.save()

    assert "Site Editor" in client.get(reverse("network:directory")).content.decode()
