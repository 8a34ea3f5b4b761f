"""The editors' upload form for an import."""

from django import forms

from portal.imports.rows import MAX_FILE_BYTES

MODES = [
    ("all", "All or nothing: import nothing if any row has a problem"),
    ("good", "Good rows only: import the rows without problems, report the others"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or JSON file",
        help_text="The columns of the case study export (Title, Summary, Service area, Region, Principles applied, "
        "...), UTF-8. At most 200 MB.",
    )
    publish = forms.TypedChoiceField(
        label="Create the case studies as",
        choices=[("0", "Drafts, to review and publish one by one"), ("1", "Published pages")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    mode = forms.ChoiceField(label="If some rows have problems", choices=MODES, widget=forms.RadioSelect, initial="all")

    def __init__(self, *args, may_publish: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            self.fields["publish"].choices = self.fields["publish"].choices[:1]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".json")):
            raise forms.ValidationError("Upload a .csv or .json file (the case study export's format).")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is {upload.size // 1024 // 1024} MB; the most is 200 MB.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload
