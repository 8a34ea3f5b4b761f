"""Form fields for choosing vocabulary values (service areas, regions, principles, tags) in query strings."""

from django import forms

MAX_SLUG_LENGTH = 100
MAX_SLUGS = 20


class SlugsField(forms.Field):
    """Slugs from a repeated query parameter (`?region=a&region=b`): blanks dropped, each cut short, at most 20.

    Values are not checked against the database: an unknown slug simply matches nothing.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [str(v).strip()[:MAX_SLUG_LENGTH] for v in values if str(v).strip()][:MAX_SLUGS]
