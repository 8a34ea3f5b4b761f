"""The insight report's query string: which month, and which table to download."""

from datetime import date

from django import forms
from django.utils import timezone

TABLE_KINDS = {"case-studies": "case-study", "principles": "principle", "topics": "topic", "profiles": "profile"}
TABLES = (*TABLE_KINDS, "search-terms", "contributions")


class InsightReportForm(forms.Form):
    month = forms.CharField(required=False, max_length=7)
    export = forms.ChoiceField(required=False, choices=[("", "")] + [(name, name) for name in TABLES])

    def clean_month(self):
        text = self.cleaned_data["month"]
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            chosen = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError("Give the month as year-month, for example 2026-11.") from None
        if chosen > timezone.localdate() or chosen.year < 2000:
            raise forms.ValidationError("Choose a month between 2000 and this month.")
        return chosen
