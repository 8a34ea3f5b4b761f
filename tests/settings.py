"""The portal's settings for the test suite: the same, with a fast password hasher and one Redis per worker.

Every test user would otherwise pay for a full PBKDF2 hash (about a third of a second on this
machine). pytest uses this module (pyproject.toml) and the daphne servers the browser tests start
inherit it, so they check the passwords the tests set.

`make test` runs the suite in parallel workers (pytest-xdist). pytest-django gives each worker its
own test database; here each also gets its own Redis database and live-layer prefix, set in the
environment before the portal's settings read it, so the daphne processes a worker starts share
them too. Pub/sub channels span every Redis database, hence the prefix.
"""

import os
import urllib.parse

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ.get("REDIS_URL"):
    _parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    _number = int(_WORKER.removeprefix("gw")) + 1
    os.environ["REDIS_URL"] = urllib.parse.urlunsplit(_parts._replace(path=f"/{_number}"))
    os.environ["CHANNEL_LAYER_PREFIX"] = f"asgi-{_WORKER}"

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-up spam defences: the suite signs up at machine speed and from one address; tests/moderation turns
# them on where it tests them.
SIGNUP_MIN_SECONDS = 0
SIGNUP_DOMAIN_RATE_LIMIT = 0
