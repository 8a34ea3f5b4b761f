"""Fixtures for practices tests: the page tree with six principles and two taxonomies."""

import pytest

from portal.practices.services import ensure_review_workflow
from tests.practices.factories import PrinciplePageFactory, practice_tree
from tests.taxonomy.factories import RegionFactory, ServiceAreaFactory

PRINCIPLE_SLUGS = ["capabilities", "reciprocity", "peer-support", "blurring-roles", "facilitators", "assets"]


@pytest.fixture
def tree(db):
    return practice_tree()


@pytest.fixture
def principles(tree):
    return [PrinciplePageFactory(title=slug.replace("-", " ").capitalize(), slug=slug) for slug in PRINCIPLE_SLUGS]


@pytest.fixture
def health(db):
    return ServiceAreaFactory(name="Health", slug="health")


@pytest.fixture
def housing(db):
    return ServiceAreaFactory(name="Housing", slug="housing")


@pytest.fixture
def london(db):
    return RegionFactory(name="London", slug="london")


@pytest.fixture
def wales(db):
    return RegionFactory(name="Wales", slug="wales")


@pytest.fixture
def review_workflow(tree):
    return ensure_review_workflow(case_study_index=tree.case_studies)
