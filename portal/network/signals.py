"""Every member gets a practitioner profile, however their account was created (sign-up, admin, shell)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.network.services import ensure_profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="network_profile_for_new_user")
def create_profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_profile(user=instance)


@receiver(post_save, sender="network.PractitionerProfile", dispatch_uid="network_name_the_account_after_the_profile")
def name_the_account_after_the_profile(sender, instance, raw=False, **kwargs):
    """The account's name is the profile's display name, so Django and Wagtail (the admin, its workflow panels,
    the audit log) name members as the site does, never by username."""
    if raw or not instance.display_name:
        return
    name = instance.display_name[:150]
    user_model = type(instance.user)
    if (instance.user.first_name, instance.user.last_name) != (name, ""):
        user_model.objects.filter(pk=instance.user_id).update(first_name=name, last_name="")
        instance.user.first_name, instance.user.last_name = name, ""
