"""Pictures members upload, without their EXIF data: no camera, no date, no location."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps


def without_metadata(upload):
    """A copy of an uploaded picture with its EXIF (GPS position included) and text chunks removed.

    Pillow writes metadata only when asked to, so saving the pixels again drops it; the picture is
    turned the right way up first, since its orientation tag goes too. Files Pillow cannot read are
    returned as they came, for the form's own validation to refuse.
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            animated = getattr(image, "is_animated", False)
            picture = image if animated else ImageOps.exif_transpose(image)
            buffer = io.BytesIO()
            options = {"save_all": True} if animated else {}
            if image_format == "JPEG":
                options["quality"] = 90
            if "icc_profile" in image.info:  # colours, not personal data
                options["icc_profile"] = image.info["icc_profile"]
            picture.save(buffer, format=image_format, **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        upload.seek(0)
        return upload
    clean = SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=getattr(upload, "content_type", None))
    clean.image = getattr(upload, "image", None)
    return clean
