"""Every member gets a practitioner profile, however their account was created (sign-up, admin, shell)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.network.services import ensure_profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="network_profile_for_new_user")
def create_profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_profile(user=instance)
