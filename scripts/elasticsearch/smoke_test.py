"""Smoke test for the local Elasticsearch node started by scripts/elasticsearch.sh.

Run with the project venv after `scripts/services.sh up`:

    .venv/bin/python scripts/elasticsearch/smoke_test.py

Checks the 8.x client's product check, english stemming, a synonym_graph
filter, search_as_you_type and an elasticsearch-dsl round trip, on throwaway
indices that it deletes again. Exits non-zero on the first failure.
"""

import os
import sys

import elasticsearch_dsl
from elasticsearch import Elasticsearch
from elasticsearch import __versionstr__ as client_version
from elasticsearch_dsl import Document, Keyword, SearchAsYouType, Text
from elasticsearch_dsl.query import MultiMatch

URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
INDEX = "smoke_portal_verify"
DSL_INDEX = "smoke_portal_verify_dsl"


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


class Project(Document):
    title = Text(analyzer="english")
    suggest = SearchAsYouType()
    tag = Keyword()

    class Index:
        name = DSL_INDEX
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def main():
    es = Elasticsearch(URL, request_timeout=30)
    # info() raises UnsupportedProductError if the product check fails.
    info = es.info()
    print(f"client {client_version}, dsl {elasticsearch_dsl.__versionstr__}, server {info['version']['number']}")

    es.options(ignore_status=404).indices.delete(index=[INDEX, DSL_INDEX])
    es.indices.create(
        index=INDEX,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {
                "filter": {
                    "portal_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": ["coproduction, co-production, co-design", "pb, participatory budgeting"],
                    }
                },
                "analyzer": {
                    "portal_text": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "portal_synonyms", "porter_stem"],
                    }
                },
            },
        },
        mappings={
            "properties": {
                "title": {"type": "text", "analyzer": "english"},
                "body": {"type": "text", "analyzer": "english", "search_analyzer": "portal_text"},
                "suggest": {"type": "search_as_you_type"},
            }
        },
    )
    docs = [
        ("1", "Participatory budgeting in Lisbon", "Participatory budgeting lets residents decide on the budget."),
        ("2", "Co-design workshops", "Coproduction of services with citizens."),
        ("3", "Street lighting", "Nothing related here."),
    ]
    for doc_id, title, body in docs:
        es.index(index=INDEX, id=doc_id, document={"title": title, "body": body, "suggest": title})
    es.indices.refresh(index=INDEX)

    def ids(query):
        return sorted(hit["_id"] for hit in es.search(index=INDEX, query=query)["hits"]["hits"])

    tokens = [
        t["token"] for t in es.indices.analyze(index=INDEX, analyzer="english", text="Budgets budgeting")["tokens"]
    ]
    check(tokens == ["budget", "budget"], f"english analyzer tokens {tokens}")
    check(ids({"match": {"title": "budgets"}}) == ["1"], "stemmed match budgets -> budgeting")
    check(ids({"match": {"body": "PB"}}) == ["1"], "synonym pb -> participatory budgeting")
    check("2" in ids({"match": {"body": "co-production"}}), "synonym co-production -> coproduction")
    sayt = {
        "multi_match": {
            "query": "particip budg",
            "type": "bool_prefix",
            "fields": ["suggest", "suggest._2gram", "suggest._3gram"],
        }
    }
    check(ids(sayt) == ["1"], "search_as_you_type bool_prefix")
    check(ids({"match_phrase_prefix": {"suggest": "co-design wor"}}) == ["2"], "match_phrase_prefix")

    Project.init(using=es)
    Project(meta={"id": 1}, title="Budgeting for schools", suggest="Budgeting for schools", tag="pb").save(
        using=es, refresh=True
    )
    hits = Project.search(using=es).query("match", title="budget").execute()
    check([h.meta.id for h in hits] == ["1"], "dsl match")
    query = MultiMatch(
        query="budgeting for sch", type="bool_prefix", fields=["suggest", "suggest._2gram", "suggest._3gram"]
    )
    hits = Project.search(using=es).query(query).execute()
    check([h.meta.id for h in hits] == ["1"], "dsl search_as_you_type")

    es.indices.delete(index=[INDEX, DSL_INDEX])
    print("Elasticsearch smoke test: all checks passed")


if __name__ == "__main__":
    main()
