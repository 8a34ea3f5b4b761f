"""Helpers for accounts tests: members with a second factor, and real codes for them."""

import pyotp

from portal.accounts.services import set_up_authenticator_app


def with_authenticator_app(user) -> tuple[pyotp.TOTP, list[str]]:
    """Give `user` an authenticator app; returns a pyotp TOTP for its secret and the recovery codes."""
    secret, recovery_codes = set_up_authenticator_app(user=user)
    return pyotp.TOTP(secret), recovery_codes
