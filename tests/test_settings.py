"""Production settings are safe when DEBUG=0 and refuse to start without a secret."""

import json
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
        PORTAL_BASE_URL="https://portal.example.org",
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


def settings_seen(*names, **env) -> dict:
    """The named settings as a process started with `env` computes them."""
    code = (
        "from django.conf import settings; import json; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_mode_turns_debugging_off_but_keeps_plain_http_and_a_local_key():
    seen = settings_seen(
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        PORTAL_ENV="local",
        PORTAL_BASE_URL="http://localhost:8123",
    )

    assert seen["DEBUG"] is False
    assert (seen["SESSION_COOKIE_SECURE"], seen["CSRF_COOKIE_SECURE"], seen["SECURE_SSL_REDIRECT"]) == (False,) * 3
    assert {"localhost", "127.0.0.1"} <= set(seen["ALLOWED_HOSTS"])
    assert seen["SECRET_KEY"]


def test_debug_is_on_in_local_mode_only_when_asked():
    assert settings_seen("DEBUG", PORTAL_ENV="local", DEBUG="1")["DEBUG"] is True


def test_local_mode_never_relaxes_a_deployment_with_a_secret_key_it_was_not_given():
    result = manage("check", DEBUG="0", PORTAL_ENV="production", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_public_base_url_drives_wagtails_admin_url_and_keeps_the_old_name_as_an_alias():
    assert settings_seen("WAGTAILADMIN_BASE_URL", PORTAL_BASE_URL="https://portal.example.org/") == {
        "WAGTAILADMIN_BASE_URL": "https://portal.example.org"
    }
    assert settings_seen("PORTAL_BASE_URL", WAGTAILADMIN_BASE_URL="https://old.example.org") == {
        "PORTAL_BASE_URL": "https://old.example.org"
    }


def test_an_empty_public_base_url_falls_back_to_the_old_name_then_to_localhost():
    # docker-compose passes both variables, empty when the .env file leaves them out.
    assert settings_seen("PORTAL_BASE_URL", PORTAL_BASE_URL="", WAGTAILADMIN_BASE_URL="https://old.example.org") == {
        "PORTAL_BASE_URL": "https://old.example.org"
    }
    assert settings_seen("PORTAL_BASE_URL", PORTAL_BASE_URL="", WAGTAILADMIN_BASE_URL="") == {
        "PORTAL_BASE_URL": "http://localhost:8000"
    }


def test_the_deploy_check_warns_when_links_would_point_at_localhost():
    result = manage(
        "check", "--deploy", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="portal.example.org"
    )

    assert "portal.W001" in result.stderr + result.stdout
