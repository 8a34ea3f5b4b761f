"""The portal's settings, with emails counted into a file (one line per email) instead of sent."""

from portal.settings import *  # noqa: F403

EMAIL_BACKEND = "bench.notifications.backend.CountingBackend"
