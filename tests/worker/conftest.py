"""Fixtures for the worker tests: a topic and two members, as the discussions tests have them."""

from tests.discussions.conftest import member, other_member, topic  # noqa: F401
