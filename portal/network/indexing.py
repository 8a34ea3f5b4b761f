"""What the network exposes to the search index: only what everyone may see of a profile."""

from django.contrib.auth.models import AnonymousUser

from portal.network.models import PractitionerProfile
from portal.network.selectors import active_profiles, public_profile, with_details


def indexable_profiles():
    return with_details(active_profiles())


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
