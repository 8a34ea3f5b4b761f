"""Service areas, regions and organisation kinds: the vocabularies every app tags its content with.

They lived in practices until network needed them too; the tables keep their first names
(`practices_servicearea`, `practices_region`) so moving them needed no copy of the data.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput


class ServiceArea(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    panels = [
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("description"),
    ]

    class Meta:
        db_table = "practices_servicearea"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [TitleFieldPanel("name", placeholder=False, classname=""), FieldPanel("slug", widget=SlugInput)]

    class Meta:
        db_table = "practices_region"
        ordering = ["name"]

    def __str__(self):
        return self.name


# The kinds the vocabulary started with (a migration created them from network's old fixed list);
# `services.ensure_organisation_kinds()` puts them back where a flushed database lost them.
STARTING_ORGANISATION_KINDS = [
    ("council", "Council"),
    ("nhs", "NHS body"),
    ("school", "School"),
    ("police", "Police"),
    ("charity", "Charity"),
    ("social-enterprise", "Social enterprise"),
    ("community-group", "Community group"),
    ("university", "University"),
    ("government", "Government department"),
]


class OrganisationKind(models.Model):
    """What sort of body an organisation is (council, charity, ...); editors add and rename kinds."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=30, unique=True, help_text="Used in search filters' addresses; changing it breaks saved links."
    )

    panels = [TitleFieldPanel("name", placeholder=False, classname=""), FieldPanel("slug", widget=SlugInput)]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
