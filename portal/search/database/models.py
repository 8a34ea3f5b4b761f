"""The search table: every indexed document kept in the database, for the engines that answer without Elasticsearch.

PostgreSQL adds a weighted tsvector column computed from the text columns, SQLite an FTS5 table
that triggers keep equal to them (migration 0003); neither is a model field, so the ORM
writes rows and only the engine modules read those.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class SearchEntry(models.Model):
    """One indexed document: its text by weight, its facet values and the document itself."""

    type_name = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    kind = models.CharField(max_length=40)
    # The document's own title (weight A), summary (B) and body (C), which highlights are cut from...
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # ...and the text of its other searched fields, by the weight the registry gives each.
    more_a = models.TextField(blank=True)
    more_b = models.TextField(blank=True)
    more_c = models.TextField(blank=True)
    facets = models.JSONField(default=dict)  # facet name -> list of values, as strings
    document = models.JSONField(encoder=DjangoJSONEncoder)  # what the type's serializer returned
    published_at = models.DateTimeField(null=True, blank=True)
    evidence_level = models.PositiveSmallIntegerField(null=True, blank=True)
    words = models.TextField(blank=True)  # its distinct words, counted in SearchWord
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type_name", "object_id"], name="one_search_entry_per_object")]
        verbose_name = "search entry"
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.type_name}:{self.object_id}"


class SearchWord(models.Model):
    """A word of the indexed text and how many entries use it: the vocabulary spelling help draws on."""

    word = models.CharField(max_length=60, primary_key=True)
    documents = models.IntegerField(default=0)

    class Meta:
        verbose_name = "search vocabulary word"

    def __str__(self):
        return self.word
