"""The Elasticsearch index definitions: one Document per indexed type, each behind an alias."""

from functools import cache
from pathlib import Path

from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


@cache
def synonym_rules() -> tuple[str, ...]:
    """The synonym rules editors keep in synonyms.txt (comments and blank lines skipped)."""
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def portal_english():
    vocabulary = token_filter("portal_vocabulary", type="synonym", synonyms=list(synonym_rules()))
    return analyzer(
        "portal_english",
        tokenizer="standard",
        filter=[
            "lowercase",
            vocabulary,
            token_filter("portal_possessive", type="stemmer", language="possessive_english"),
            "porter_stem",
        ],
    )


# Plain words, for "did you mean" suggestions that are real words rather than stems.
spelling = analyzer("portal_spelling", tokenizer="standard", filter=["lowercase"])


class PortalDocument(Document):
    """Fields every indexed type shares, so one query can search them all."""

    kind = Keyword()
    title = Text(analyzer=portal_english(), fields={"raw": Keyword()}, copy_to="spell")
    summary = Text(analyzer=portal_english(), copy_to="spell")
    body = Text(analyzer=portal_english())
    url = Keyword(index=False)
    published_at = Date()
    suggest = SearchAsYouType()
    spell = Text(analyzer=spelling)


class CaseStudyDocument(PortalDocument):
    service_area = Keyword()
    service_area_name = Keyword(index=False)
    region = Keyword()
    region_name = Keyword(index=False)
    principles = Keyword()
    evidence_level = Integer()
    year = Integer()
    organisation_kinds = Keyword()
    organisations = Text(analyzer=portal_english())
    tags = Keyword()
    cost_comparison = Keyword()


class PrincipleDocument(PortalDocument):
    principles = Keyword()


class ProfileDocument(PortalDocument):
    region = Keyword()
    service_areas = Keyword()
    principles = Keyword()
    roles = Keyword()


class TopicDocument(PortalDocument):
    forum = Keyword()
    principles = Keyword()


def index_for(document_class, name: str) -> Index:
    """An (unsaved) index of the given concrete name with the document's mapping and our analysis."""
    from django.conf import settings

    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=settings.ELASTICSEARCH_REPLICAS)
    index.document(document_class)
    return index
