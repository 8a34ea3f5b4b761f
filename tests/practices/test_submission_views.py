"""Share your practice: the form over HTTP, its errors, and My submissions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from portal.practices.models import CaseStudyPage

URL = "/submissions/new/"
EMPTY_ROWS = {
    "impact-TOTAL_FORMS": "0",
    "impact-INITIAL_FORMS": "0",
    "consent-TOTAL_FORMS": "0",
    "consent-INITIAL_FORMS": "0",
}


@pytest.fixture
def member(client, django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@example.org", "a-long-password-1")
    client.force_login(user)
    return user


@pytest.fixture
def valid_data(principles, health, london, review_workflow):
    return {
        "title": "Parents and teachers design homework together",
        "summary": "Parents helped teachers set homework families can do together.",
        "service_area": health.pk,
        "region": london.pk,
        "principles": [principles[0].pk],
        f"strength_{principles[0].pk}": "2",
        f"how_{principles[0].pk}": "Parents' skills shaped the tasks.",
        "what_was_done": "Workshops with parents every term.",
        "evidence_level": "3",
        "cost_comparison": "similar",
        "status": "ongoing",
        "start_year": "2019",
        "tags": "schools, homework",
        "your_role": "practitioner",
        "action": "submit",
        **EMPTY_ROWS,
    }


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_valid_submission_creates_a_draft_and_lists_it(client, member, valid_data):
    response = client.post(URL, valid_data, follow=True)

    assert response.redirect_chain[-1][0] == "/submissions/"
    page = CaseStudyPage.objects.get(title=valid_data["title"])
    assert not page.live
    assert page.submitted_by == member
    body = response.content.decode()
    assert valid_data["title"] in body
    assert "Awaiting review" in body


def test_image_and_document_uploads_are_attached(client, member, valid_data):
    valid_data["photos"] = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    valid_data["documents"] = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    client.post(URL, valid_data)

    page = CaseStudyPage.objects.get(title=valid_data["title"]).get_latest_revision_as_object()
    assert page.hero_image is not None
    assert "document" in [block.block_type for block in page.body]


def test_a_published_submission_shows_its_photo_once(client, member, valid_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    valid_data["photos"] = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.post(URL, valid_data)
    page = CaseStudyPage.objects.get(title=valid_data["title"])
    page.get_latest_revision().publish()

    html = client.get(page.url).content.decode()

    assert html.count("<img") == 1
    assert "image" not in [block.block_type for block in page.specific.body]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required"),
        ({"summary": "x" * 301}, "summary", "at most 300 characters"),
        ({"evidence_level": "6"}, "evidence_level", "Choose an evidence level from 1 to 5"),
        ({"principles": ["999999"]}, "principles", "is not one of the principles"),
        ({"end_year": "2010"}, "end_year", "cannot be before the start year"),
    ],
)
def test_invalid_submission_shows_the_error_and_keeps_what_was_typed(
    client, member, valid_data, change, field, message
):
    data = {**valid_data, **change}

    response = client.post(URL, data)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    body = response.content.decode()
    assert "There is a problem" in body or "There are problems" in body
    assert "Workshops with parents every term." in body
    assert not CaseStudyPage.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_the_photo(client, member, valid_data):
    valid_data["photos"] = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")

    response = client.post(URL, valid_data)

    assert response.status_code == 400
    assert "photos" in response.context["editor"].files.errors
    assert valid_data["summary"] in response.content.decode()


def test_a_document_of_a_forbidden_type_is_refused(client, member, valid_data):
    valid_data["documents"] = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")

    response = client.post(URL, valid_data)

    assert response.status_code == 400
    assert "not allowed" in " ".join(response.context["editor"].files.errors["documents"])


def test_a_document_over_the_size_limit_is_refused(client, member, valid_data, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    valid_data["documents"] = SimpleUploadedFile("report.pdf", b"%PDF-1.4 " + b"x" * 50, content_type="application/pdf")

    response = client.post(URL, valid_data)

    assert response.status_code == 400
    assert "the limit is" in " ".join(response.context["editor"].files.errors["documents"])


def test_chosen_principle_needs_its_strength_and_how(client, member, valid_data, principles):
    valid_data[f"how_{principles[0].pk}"] = ""

    response = client.post(URL, valid_data)

    assert response.status_code == 400
    assert f"how_{principles[0].pk}" in response.context["form"].errors


def test_my_submissions_shows_only_my_own(client, member, valid_data, django_user_model):
    client.post(URL, valid_data)
    other = django_user_model.objects.create_user("other", "other@example.org", "a-long-password-3")
    other_client = Client()
    other_client.force_login(other)

    response = other_client.get("/submissions/")

    assert valid_data["title"] not in response.content.decode()
    assert "You have not shared a case study yet." in response.content.decode()


def test_a_submitted_photograph_loses_its_camera_and_location_data(client, member, valid_data, settings, tmp_path):
    from tests.accounts.test_uploads import exif_of, photo_with_location

    settings.MEDIA_ROOT = tmp_path
    valid_data["photos"] = photo_with_location()

    client.post(URL, valid_data)

    page = CaseStudyPage.objects.get(title=valid_data["title"]).get_latest_revision_as_object()
    with page.hero_image.file.open("rb") as stored:
        assert exif_of(stored.read()) == {}
