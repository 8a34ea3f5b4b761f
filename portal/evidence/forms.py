"""Forms that parse what members send about evidence packs and saved searches; all text is plain."""

from django import forms

from portal.evidence.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH


class PackForm(forms.Form):
    name = forms.CharField(label="Name", max_length=NAME_MAX_LENGTH, strip=True)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note", max_length=NOTE_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddToPackForm(forms.Form):
    """Which pack (one of the member's, or a new one by name) and an optional note."""

    pack = forms.TypedChoiceField(label="Evidence pack", coerce=int, required=False, empty_value=None)
    new_pack_name = forms.CharField(
        label="Or start a new pack called", max_length=NAME_MAX_LENGTH, required=False, strip=True
    )
    note = forms.CharField(
        label="Your note (optional)",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this case study matters to you. Only you, and people you share the pack with, see it.",
    )

    def __init__(self, *args, packs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].choices = [("", "Choose a pack")] + [(pack.pk, pack.name) for pack in packs]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("pack") and not cleaned.get("new_pack_name"):
            raise forms.ValidationError("Choose one of your packs or name a new one.")
        return cleaned


class SavedSearchNameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=NAME_MAX_LENGTH, strip=True)
