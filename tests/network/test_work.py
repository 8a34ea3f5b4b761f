"""Network reads published work through the hook practices fills; without it, answers are empty."""

import pytest

from portal.network import work
from portal.practices import selectors as practices

pytestmark = pytest.mark.django_db


@pytest.fixture
def nothing_registered():
    registered = work.published_work()
    work.register_published_work(work.PublishedWork())
    yield
    work.register_published_work(registered)


def test_practices_registers_its_selectors_when_the_app_is_ready():
    registered = work.published_work()

    assert registered.case_studies_of_organisation is practices.case_studies_of_organisation
    assert registered.contributor_links is practices.contributor_links


def test_without_a_registration_network_answers_empty(nothing_registered):
    assert work.case_studies_by_contributors([1]) == []
    assert work.case_studies_of_organisation(None) == []
    assert list(work.contributor_links()) == []
    assert work.case_studies() is None
    assert list(work.principles()) == []
