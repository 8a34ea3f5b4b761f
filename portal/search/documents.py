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
    char_filter,
    normalizer,
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


# Plain words, for "did you mean" suggestions that are real words rather than stems. Words are split
# at hyphens and punctuation and, in the index only, also joined ("co-production" gives "co",
# "production" and "coproduction"), so a misspelt "coprodution" finds its word; queries are split
# but not joined, so each suggestion replaces one word of what was typed.
_curly_apostrophe = char_filter("portal_apostrophe", type="mapping", mappings=["\u2019=>'"])
spelling = analyzer(
    "portal_spelling",
    char_filter=[_curly_apostrophe],
    tokenizer="whitespace",
    filter=[
        "lowercase",
        token_filter(
            "portal_joined_words",
            type="word_delimiter_graph",
            catenate_words=True,
            split_on_case_change=False,
            split_on_numerics=False,
        ),
        "flatten_graph",
    ],
)
spelling_query = analyzer(
    "portal_spelling_query",
    char_filter=[_curly_apostrophe],
    tokenizer="whitespace",
    filter=[
        "lowercase",
        token_filter(
            "portal_split_words", type="word_delimiter_graph", split_on_case_change=False, split_on_numerics=False
        ),
    ],
)


_name_normalizer = normalizer("portal_name", filter=["lowercase", "asciifolding"])


class PortalDocument(Document):
    """Fields every indexed type shares, so one query can search them all."""

    kind = Keyword()
    # title.name: the whole title, lowercased and unaccented, for "the query is this title" (a name).
    title = Text(
        analyzer=portal_english(),
        fields={"raw": Keyword(), "name": Keyword(normalizer=_name_normalizer)},
        copy_to="spell",
    )
    summary = Text(analyzer=portal_english(), copy_to="spell")
    body = Text(analyzer=portal_english())
    url = Keyword(index=False)
    published_at = Date()
    suggest = SearchAsYouType()
    spell = Text(analyzer=spelling, search_analyzer=spelling_query)


class CaseStudyDocument(PortalDocument):
    service_area = Keyword()
    service_area_name = Text(analyzer=portal_english())
    region = Keyword()
    region_name = Text(analyzer=portal_english())
    principles = Keyword()
    evidence_level = Integer()
    year = Integer()
    organisation_kinds = Keyword()
    organisations = Text(analyzer=portal_english(), copy_to="spell")
    tags = Text(analyzer=portal_english(), fields={"raw": Keyword()}, copy_to="spell")
    applications = Text(analyzer=portal_english())
    impact = Text(analyzer=portal_english(), copy_to="spell")
    cost_comparison = Keyword()


class PrincipleDocument(PortalDocument):
    principles = Keyword()


class ProfileDocument(PortalDocument):
    organisation = Text(analyzer=portal_english(), copy_to="spell")
    region = Keyword()
    service_areas = Keyword()
    principles = Keyword()
    roles = Keyword()


class OrganisationDocument(PortalDocument):
    region = Keyword()
    region_name = Text(analyzer=portal_english())
    organisation_kinds = Keyword()


class TopicDocument(PortalDocument):
    forum = Keyword()
    principles = Keyword()
    restricted_to = Keyword()  # a private group's topic: the key a searcher needs (registry.readable_keys)


class EventDocument(PortalDocument):
    when = Keyword()  # upcoming | past
    region = Keyword()
    group = Keyword()
    format = Keyword()


def index_for(document_class, name: str) -> Index:
    """An (unsaved) index of the given concrete name with the document's mapping and our analysis."""
    from django.conf import settings

    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=settings.ELASTICSEARCH_REPLICAS)
    index.document(document_class)
    return index
