"""Moderation's signal handlers: a new account may be held for a moderator's approval."""

from allauth.account.signals import user_signed_up
from django.conf import settings


def on_user_signed_up(sender, request, user, **kwargs):
    if settings.MODERATION_HOLD_NEW_ACCOUNTS:
        from portal.moderation import services

        services.hold_new_account(user=user)


def connect():
    user_signed_up.connect(on_user_signed_up, dispatch_uid="moderation-hold-new-accounts")
