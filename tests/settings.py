"""The portal's settings for the test suite: the same, with a fast password hasher.

Every test user would otherwise pay for a full PBKDF2 hash (about a third of a second on this
machine). pytest uses this module (pyproject.toml) and the daphne servers the browser tests start
inherit it, so they check the passwords the tests set.
"""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-up spam defences: the suite signs up at machine speed and from one address; tests/moderation turns
# them on where it tests them.
SIGNUP_MIN_SECONDS = 0
SIGNUP_DOMAIN_RATE_LIMIT = 0
