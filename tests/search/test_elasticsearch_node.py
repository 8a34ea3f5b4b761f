"""The Elasticsearch 8 node `make test` starts does what the portal's search needs."""

from elasticsearch.dsl import Document, SearchAsYouType, Text, analyzer, token_filter

from portal.search.client import get_client, index_name

vocabulary = token_filter(
    "test_vocabulary",
    type="synonym",
    synonyms=["coproduction, co-production, co-design", "pb, participatory budgeting"],
)
english_with_synonyms = analyzer(
    "english_with_synonyms",
    tokenizer="standard",
    filter=["lowercase", vocabulary, "porter_stem"],
)


class Practice(Document):
    title = Text(analyzer=english_with_synonyms)
    summary = Text(analyzer="english")
    title_suggest = SearchAsYouType()


def create_practice_index():
    name = index_name("practices")
    Practice.init(index=name, using=get_client())
    docs = [
        ("1", "Residents decide the budget", "Neighbours budgeted for their streets through participatory budgeting."),
        ("2", "Coproduction of recycling rounds", "Households designed sorted collections with the council."),
        ("3", "Homework clubs run by parents", "Parents and teachers shared the work of learning at home."),
    ]
    for doc_id, title, summary in docs:
        Practice(meta={"id": doc_id}, title=title, summary=summary, title_suggest=title).save(
            index=name, using=get_client(), refresh=True
        )
    return name


def found_ids(name, query):
    return [hit.meta.id for hit in Practice.search(index=name, using=get_client()).query(query).execute()]


def test_node_answers_the_official_client_as_elasticsearch_8(es_index_prefix):
    info = get_client().info()
    assert info["version"]["number"].startswith("8.")


def test_english_analyzer_finds_a_document_by_a_stemmed_word(es_index_prefix):
    name = create_practice_index()
    assert found_ids(name, {"match": {"summary": "budgeting"}}) == ["1"]
    assert found_ids(name, {"match": {"summary": "teacher"}}) == ["3"]


def test_synonym_filter_finds_a_document_by_another_name(es_index_prefix):
    name = create_practice_index()
    assert found_ids(name, {"match": {"title": "co-design"}}) == ["2"]


def test_search_as_you_type_field_completes_a_prefix(es_index_prefix):
    name = create_practice_index()
    query = {
        "multi_match": {
            "query": "homew",
            "type": "bool_prefix",
            "fields": ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
        }
    }
    assert found_ids(name, query) == ["3"]


def test_test_indices_live_under_their_own_prefix(es_index_prefix):
    name = create_practice_index()
    assert name.startswith(f"{es_index_prefix}-")
    assert get_client().indices.exists(index=name)
