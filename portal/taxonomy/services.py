"""Writes of the shared vocabularies."""

from django.db.models import Q

from portal.taxonomy.models import STARTING_ORGANISATION_KINDS, OrganisationKind


def ensure_organisation_kinds() -> None:
    """Make sure the starting organisation kinds exist (idempotent; editors' names are kept)."""
    for slug, name in STARTING_ORGANISATION_KINDS:
        if not OrganisationKind.objects.filter(Q(slug=slug) | Q(name=name)).exists():
            OrganisationKind.objects.create(slug=slug, name=name)
