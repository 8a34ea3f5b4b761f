"""Defences against sign-up spam: a honeypot field, a minimum time to fill the form, and a limit on new
accounts per email domain (allauth's ACCOUNT_RATE_LIMITS limits sign-ups per IP address)."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.forms.boundfield import BoundField

SIGNER_SALT = "moderation.signup-started"
TOO_QUICK = "That was quicker than a person can fill in the form: check your details and send it again."
LOOKS_AUTOMATED = "This form looks as if it was filled in by a program. If you are a person, please try again."
DOMAIN_BUSY = (
    "Many accounts were opened with addresses at {domain} in the last hour. Please try again later, "
    "or use another address."
)


class _HoneypotBoundField(BoundField):
    def css_classes(self, extra_classes=None):
        return super().css_classes(extra_classes="honeypot")


class HoneypotField(forms.CharField):
    """A text field people never see (off-screen, out of the tab order) and programs tend to fill."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Leave this field empty")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        super().__init__(required=False, **kwargs)

    def get_bound_field(self, form, field_name):
        return _HoneypotBoundField(form, self, field_name)


def started_token() -> str:
    """A signed note of when the form was shown."""
    return signing.dumps(time.time(), salt=SIGNER_SALT)


def seconds_since(token: str) -> float | None:
    """How long ago the form carrying this token was shown; None when the token is missing, forged or a day old."""
    try:
        return time.time() - float(signing.loads(token or "", salt=SIGNER_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _domain_key(domain: str) -> str:
    return f"moderation:signup-domain:{domain.lower()}"


def domain_is_busy(email: str) -> bool:
    """Whether the address's domain reached its sign-ups for this hour (SIGNUP_DOMAIN_RATE_LIMIT)."""
    domain = email.rpartition("@")[2]
    limit = settings.SIGNUP_DOMAIN_RATE_LIMIT
    return bool(domain) and limit > 0 and (cache.get(_domain_key(domain)) or 0) >= limit


def count_signup(email: str) -> None:
    """Count one new account against its domain's hourly allowance."""
    domain = email.rpartition("@")[2]
    if domain:
        cache.add(_domain_key(domain), 0, 3600)
        try:
            cache.incr(_domain_key(domain))
        except ValueError:  # expired between add and incr
            cache.set(_domain_key(domain), 1, 3600)


class SignupDefencesMixin(forms.Form):
    """Add to a sign-up form: the honeypot, the minimum filling time and the per-domain limit."""

    website = HoneypotField()
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_started"].initial = started_token()

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(LOOKS_AUTOMATED, code="honeypot")
        minimum = settings.SIGNUP_MIN_SECONDS
        if minimum > 0:
            age = seconds_since(self.data.get(self.add_prefix("form_started"), ""))
            if age is None:
                raise forms.ValidationError(LOOKS_AUTOMATED, code="no-start")
            if age < minimum:
                raise forms.ValidationError(TOO_QUICK, code="too-quick")
        email = self.cleaned_data.get("email") or ""
        if email and domain_is_busy(email):
            raise forms.ValidationError(DOMAIN_BUSY.format(domain=email.rpartition("@")[2]), code="domain-busy")
        return cleaned
