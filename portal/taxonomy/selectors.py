"""Reads of the shared vocabularies."""

from portal.taxonomy.models import Region, ServiceArea


def all_regions():
    """Every region, by name."""
    return Region.objects.all()


def all_service_areas():
    """Every service area, by name."""
    return ServiceArea.objects.all()


def organisation_kind_names() -> dict[str, str]:
    """Every organisation kind's name by its slug."""
    from portal.taxonomy.models import OrganisationKind

    return dict(OrganisationKind.objects.values_list("slug", "name"))
