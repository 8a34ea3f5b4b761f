"""Practitioners, the organisations they work in, and the links between them."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS body"
    SCHOOL = "school", "School"
    POLICE = "police", "Police"
    CHARITY = "charity", "Charity"
    SOCIAL_ENTERPRISE = "social-enterprise", "Social enterprise"
    COMMUNITY_GROUP = "community-group", "Community group"
    UNIVERSITY = "university", "University"
    GOVERNMENT = "government", "Government department"


class Organisation(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "practices.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PractitionerProfile(models.Model):
    """One per member: the public face of a practitioner in the network."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    panels = [FieldPanel("display_name"), FieldPanel("slug"), FieldPanel("headline"), FieldPanel("organisation")]

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name
