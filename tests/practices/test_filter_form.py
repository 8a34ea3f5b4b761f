from django.http import QueryDict

from portal.practices.forms import CaseStudyFilterForm


def test_the_query_string_becomes_the_selectors_filters():
    query = QueryDict("service_area=health&region=london&region=leeds&evidence=3&tag=pb")

    filters = CaseStudyFilterForm(query).filters()

    assert filters.service_areas == ["health"]
    assert filters.regions == ["london", "leeds"]
    assert filters.tags == ["pb"]
    assert filters.min_evidence == 3


def test_a_value_that_cannot_be_valid_is_dropped_and_the_rest_kept():
    filters = CaseStudyFilterForm(QueryDict("evidence=9&principle=reciprocity")).filters()

    assert filters.min_evidence is None
    assert filters.principles == ["reciprocity"]
