"""allauth's sign-up form made safe when the same address is posted several times at once (ACCOUNT_FORMS).

allauth checks that an address is free when it validates the form and saves the account later; two
sign-ups posted together both pass the check. Here the save runs in one transaction that first takes a
PostgreSQL advisory lock on the address and checks again, so the second is told the account exists (the
same answer allauth gives for any taken address, without revealing it), and a failure half-way leaves
no account without its profile or email address behind.

A separate module from forms.py: allauth's forms import ACCOUNT_SIGNUP_FORM_CLASS from there.
"""

from allauth.account.forms import SignupForm
from allauth.account.utils import filter_users_by_email
from django.db import connection, transaction

from portal.moderation.spam import SignupDefencesMixin, count_signup


def lock_address(email: str) -> None:
    """Hold, until the transaction ends, a lock that every sign-up with this address (any case) waits for."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"signup:{email.lower()}"])


class AccountSignupForm(SignupDefencesMixin, SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "terms" in self.fields:  # consent last, just above the button
            self.fields["terms"] = self.fields.pop("terms")

    def try_save(self, request):
        email = self.cleaned_data.get("email") or ""
        with transaction.atomic():
            if email:
                lock_address(email)
                if not self.account_already_exists and filter_users_by_email(email):
                    self.account_already_exists = True
            user, response = super().try_save(request)
        if email and user is not None:
            count_signup(email)  # against the domain's hourly allowance (portal/moderation/spam.py)
        return user, response
