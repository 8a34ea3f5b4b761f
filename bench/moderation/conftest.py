"""The suite's fixtures (the site tree, the database set-up) for the moderation benchmark."""

from tests.conftest import *  # noqa: F403
