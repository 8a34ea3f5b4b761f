"""Service areas and regions: the vocabularies every app tags its content with.

They lived in practices until network needed them too; the tables keep their first names
(`practices_servicearea`, `practices_region`) so moving them needed no copy of the data.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel


class ServiceArea(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        db_table = "practices_servicearea"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        db_table = "practices_region"
        ordering = ["name"]

    def __str__(self):
        return self.name
