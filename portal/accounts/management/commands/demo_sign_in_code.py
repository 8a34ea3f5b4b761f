"""Print the demo admin's current authenticator code, so `make run` lets a newcomer into the admin."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.selectors import current_authenticator_code


class Command(BaseCommand):
    help = "Print the current sign-in code of a local account's authenticator app (local use only)."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="admin@example.org")

    def handle(self, *args, email, **options):
        if settings.DEPLOYED:
            raise CommandError("Sign-in codes are printed for local demo accounts only, never on a deployment.")
        user = get_user_model().objects.filter(email__iexact=email).first()
        code = current_authenticator_code(user) if user else None
        if code is None:
            raise CommandError(f"No account with an authenticator app for {email}.")
        self.stdout.write(code)
