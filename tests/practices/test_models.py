"""Case study validation and the six-principle profile."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portal.practices.models import ImpactMeasure
from portal.practices.selectors import principle_profile
from tests.practices.factories import CaseStudyPageFactory, PrincipleApplicationFactory


def test_end_year_before_start_year_is_refused(tree):
    case_study = CaseStudyPageFactory.build(start_year=2020, end_year=2018)

    with pytest.raises(ValidationError) as error:
        case_study.clean()
    assert "end_year" in error.value.message_dict


def test_completed_case_study_needs_an_end_year(tree):
    case_study = CaseStudyPageFactory.build(status="completed", start_year=2020, end_year=None)

    with pytest.raises(ValidationError) as error:
        case_study.clean()
    assert "end_year" in error.value.message_dict


@pytest.mark.parametrize("level", [0, 6])
def test_evidence_level_outside_one_to_five_is_refused(tree, level):
    case_study = CaseStudyPageFactory(evidence_level=2)
    case_study.evidence_level = level

    with pytest.raises(ValidationError) as error:
        case_study.full_clean()
    assert "evidence_level" in error.value.message_dict


def test_summary_longer_than_the_limit_is_refused(tree):
    case_study = CaseStudyPageFactory()
    case_study.summary = "x" * 301

    with pytest.raises(ValidationError) as error:
        case_study.full_clean()
    assert "summary" in error.value.message_dict


def test_principle_profile_lists_all_six_principles_with_strengths(principles):
    case_study = CaseStudyPageFactory()
    PrincipleApplicationFactory(page=case_study, principle=principles[1], strength=3)
    PrincipleApplicationFactory(page=case_study, principle=principles[4], strength=1)

    profile = principle_profile(case_study)

    assert [row["principle"].slug for row in profile] == [p.slug for p in principles]
    assert [row["strength"] for row in profile] == [0, 3, 0, 0, 1, 0]
    assert profile[1]["label"] == "Exemplary"
    assert profile[0]["label"] == "Not applied"


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("%", "33.00", "33%"),
        ("£ million per year", "2.40", "£2.4 million per year"),
        ("MWh per year", "1100.00", "1,100 MWh per year"),
        ("people", "38500.00", "38,500 people"),
        ("", "0.00", "0"),
    ],
)
def test_impact_figures_read_as_people_write_them(unit, value, shown):
    assert ImpactMeasure(unit=unit, result=Decimal(value)).result_figure == shown


def test_an_unknown_impact_figure_is_a_dash():
    assert ImpactMeasure(unit="%").baseline_figure == "\N{EN DASH}"
