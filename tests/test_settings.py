"""Production settings are safe when DEBUG=0 and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys

from tests.conftest import REPO_ROOT


def manage(*args, **env):
    # The browser fixture allows sync ORM calls beside Playwright's loop; a deployment never does.
    # Without DJANGO_SETTINGS_MODULE, manage.py checks the portal's own settings, not the tests'.
    dropped = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    base = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_has_no_warnings_with_debug_off_and_real_values():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout


def test_production_fails_fast_without_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_suite_hashes_passwords_fast_and_the_portal_does_not():
    from django.conf import settings

    from portal import settings as portal_settings

    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert not hasattr(portal_settings, "PASSWORD_HASHERS")
