"""Uploaded pictures lose their EXIF data (camera, date, GPS position) and keep their pixels."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.accounts.uploads import without_metadata

GPS_IFD = 0x8825


def photo_with_location(image_format="JPEG", name="photo.jpg") -> SimpleUploadedFile:
    """A photograph as a phone takes it: a camera model, an orientation and a GPS position."""
    image = Image.new("RGB", (40, 20), "teal")
    exif = Image.Exif()
    exif[0x0110] = "Phone Camera 12"  # model
    exif[0x0112] = 6  # orientation: turned on its side
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)}
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def test_a_photographs_camera_and_location_are_removed():
    upload = photo_with_location()
    assert exif_of(upload.read())  # the phone's data is there to begin with

    clean = without_metadata(upload)

    data = clean.read()
    assert exif_of(data) == {}
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)  # turned the right way up before the orientation tag went
    assert clean.name == "photo.jpg"


def test_png_and_webp_lose_their_exif_too():
    for image_format, name in [("PNG", "photo.png"), ("WEBP", "photo.webp")]:
        clean = without_metadata(photo_with_location(image_format, name))
        assert exif_of(clean.read()) == {}, image_format


def test_a_file_that_is_not_a_picture_comes_back_unchanged_for_the_form_to_refuse():
    upload = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")

    assert without_metadata(upload).read() == b"not an image at all"
