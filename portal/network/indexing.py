"""What the network exposes to the search index: only what everyone may see of a profile."""

from django.contrib.auth.models import AnonymousUser

from portal.network.models import PractitionerProfile
from portal.network.selectors import listed_profiles, public_profile, with_details


def indexable_profiles():
    return with_details(listed_profiles())


def profile_document(profile: PractitionerProfile) -> dict:
    """A profile as an anonymous visitor sees it; hidden fields never reach the index."""
    public = public_profile(profile, AnonymousUser())
    return {
        "kind": "profile",
        "title": public.display_name,
        "summary": public.headline,
        "body": "\n".join(filter(None, [public.bio, public.organisation.name if public.organisation else ""])),
        "url": public.url,
        "published_at": profile.created_at,
        "suggest": public.display_name,
        "region": public.region.slug if public.region else None,
        "service_areas": [area.slug for area in public.service_areas],
        "principles": [principle.slug for principle in public.principles],
        "roles": public.roles,
    }


def profiles_showing(instance) -> list[int]:
    """Profiles whose documents show something of `instance` (organisation, taxonomy, role, account)."""
    from django.contrib.auth import get_user_model

    from portal.network.models import Organisation, ProfileRole
    from portal.practices.models import PrinciplePage, Region, ServiceArea

    profiles = PractitionerProfile.objects.all()
    if isinstance(instance, Organisation):
        profiles = profiles.filter(organisation=instance)
    elif isinstance(instance, Region):
        profiles = profiles.filter(region=instance)
    elif isinstance(instance, ServiceArea):
        profiles = profiles.filter(service_areas=instance)
    elif isinstance(instance, PrinciplePage):
        profiles = profiles.filter(principles=instance)
    elif isinstance(instance, ProfileRole):
        return [instance.profile_id]
    elif isinstance(instance, get_user_model()):
        profiles = profiles.filter(user=instance)  # deactivating an account hides its profile
    else:
        return []
    return list(profiles.values_list("pk", flat=True).distinct())


PROFILE_DEPENDENCIES = (
    "network.Organisation",
    "network.ProfileRole",
    "practices.Region",
    "practices.ServiceArea",
    "practices.PrinciplePage",
    "auth.User",
)
