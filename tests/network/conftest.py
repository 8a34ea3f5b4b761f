"""Fixtures for network tests: taxonomies and principles to describe people with, and a few people."""

import uuid

import pytest
from django.test import Client

from tests.network.factories import PractitionerProfileFactory
from tests.practices.factories import PrinciplePageFactory, practice_tree
from tests.taxonomy.factories import RegionFactory, ServiceAreaFactory


@pytest.fixture
def london(db):
    return RegionFactory(name="London", slug="london")


@pytest.fixture
def wales(db):
    return RegionFactory(name="Wales", slug="wales")


@pytest.fixture
def health(db):
    return ServiceAreaFactory(name="Health", slug="health")


@pytest.fixture
def housing(db):
    return ServiceAreaFactory(name="Housing", slug="housing")


@pytest.fixture
def reciprocity(db):
    practice_tree()
    return PrinciplePageFactory(title="Reciprocity and mutuality", slug="reciprocity")


@pytest.fixture
def assets(db):
    practice_tree()
    return PrinciplePageFactory(title="People as assets", slug="assets")


@pytest.fixture
def member(db):
    return PractitionerProfileFactory(display_name="Mina Member").user


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def unique_ip():
    """A client address of this test's own, so rate-limit counters in the shared Redis cache never collide."""
    number = uuid.uuid4().int
    return f"10.{number % 250}.{(number >> 8) % 250}.{(number >> 16) % 250 + 1}"


@pytest.fixture
def unique_email():
    """An address of this test run's own: allauth rate-limits mail per address, and Redis outlives the test."""

    def make(name: str) -> str:
        return f"{name}-{uuid.uuid4().hex[:10]}@example.org"

    return make
