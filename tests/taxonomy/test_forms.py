from django import forms
from django.http import QueryDict

from portal.taxonomy.forms import MAX_SLUGS, SlugsField


class RegionChoice(forms.Form):
    region = SlugsField()


def test_repeated_parameters_become_a_list_without_blanks_and_cut_short():
    form = RegionChoice(QueryDict("region=london&region=+&region=" + "x" * 300))

    assert form.is_valid()
    assert form.cleaned_data["region"] == ["london", "x" * 100]


def test_at_most_twenty_values_are_read():
    form = RegionChoice(QueryDict("&".join(f"region=r{n}" for n in range(50))))

    assert form.is_valid()
    assert len(form.cleaned_data["region"]) == MAX_SLUGS


def test_no_parameter_is_an_empty_choice():
    form = RegionChoice(QueryDict(""))

    assert form.is_valid()
    assert form.cleaned_data["region"] == []
