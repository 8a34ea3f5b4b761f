"""Fixtures for the deploy rehearsal: a topic and a member, as the discussions tests have them."""

from tests.discussions.conftest import member, topic  # noqa: F401
