from django.http import QueryDict

from portal.network.forms import DirectoryFilterForm, GraphFilterForm


def test_directory_filters_keep_only_known_roles_and_offers():
    filters = DirectoryFilterForm(QueryDict("q= Ada &role=citizen&role=wizard&open_to=mentoring&open_to=x")).filters()

    assert filters.q == "Ada"
    assert filters.roles == ["citizen"]
    assert filters.open_to == ["mentoring"]


def test_a_long_query_is_cut_not_refused():
    assert len(DirectoryFilterForm(QueryDict("q=" + "a" * 500)).filters().q) == 100


def test_graph_filters_read_one_region_and_one_service_area():
    filters = GraphFilterForm(QueryDict("region=london&service_area=housing")).filters()

    assert (filters.region, filters.service_area) == ("london", "housing")
