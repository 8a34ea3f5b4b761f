"""What the network exposes to the search index: only what everyone may see of a profile."""

from django.contrib.auth.models import AnonymousUser

from portal.network.models import Organisation, PractitionerProfile
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
        "body": public.bio or "",
        "organisation": public.organisation.name if public.organisation else "",
        "url": public.url,
        "published_at": profile.created_at,
        "suggest": public.display_name,
        "region": public.region.slug if public.region else None,
        "service_areas": [area.slug for area in public.service_areas],
        "principles": [principle.slug for principle in public.principles],
        "roles": public.roles,
    }


# What people search profiles by (both engines read it); a person's name counts most.
PROFILE_FIELDS = {"title": 4.0, "summary": 2.0, "organisation": 2.0, "body": 1.0}
PROFILE_FACETS = {"region": "region", "principle": "principles"}


def facet_value_labels() -> dict[str, dict[str, str]]:
    """Names for the values of the facets the network's documents carry."""
    from portal.taxonomy.selectors import organisation_kind_names

    return {"organisation_kind": organisation_kind_names()}


def profiles_showing(instance) -> list[int]:
    """Profiles whose documents show something of `instance` (organisation, taxonomy, role, account)."""
    from django.contrib.auth import get_user_model

    from portal.network.models import Organisation, ProfileRole
    from portal.taxonomy.models import Region, ServiceArea

    principle_model = PractitionerProfile.principles.field.related_model

    profiles = PractitionerProfile.objects.all()
    if isinstance(instance, Organisation):
        profiles = profiles.filter(organisation=instance)
    elif isinstance(instance, Region):
        profiles = profiles.filter(region=instance)
    elif isinstance(instance, ServiceArea):
        profiles = profiles.filter(service_areas=instance)
    elif isinstance(instance, principle_model):
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
    "taxonomy.Region",
    "taxonomy.ServiceArea",
    "practices.PrinciplePage",
    "auth.User",
)


def indexable_organisations():
    return Organisation.objects.select_related("region")


def organisation_document(organisation: Organisation) -> dict:
    """An organisation as the search index holds it: its name, what it does, where and what kind."""
    return {
        "kind": "organisation",
        "title": organisation.name,
        "summary": organisation.description,
        "body": "",
        "url": organisation.get_absolute_url(),
        "published_at": None,
        "suggest": organisation.name,
        "region": organisation.region.slug if organisation.region else None,
        "region_name": organisation.region.name if organisation.region else None,
        "organisation_kinds": [organisation.kind_id],  # the kind's slug
    }


def organisations_showing(instance) -> list[int]:
    """Organisations whose documents show something of `instance` (their region)."""
    from portal.taxonomy.models import Region

    if isinstance(instance, Region):
        return list(Organisation.objects.filter(region=instance).values_list("pk", flat=True))
    return []


ORGANISATION_DEPENDENCIES = ("taxonomy.Region",)
ORGANISATION_FIELDS = {"title": 4.0, "summary": 2.0, "region_name": 1.0}
ORGANISATION_FACETS = {"region": "region", "organisation_kind": "organisation_kinds"}
