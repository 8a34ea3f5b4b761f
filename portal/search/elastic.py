"""The Elasticsearch side of searching: the request bodies and reading their answers.

Which fields each type is searched on, with which weights, and how much the type weighs comes from
the registry (each app's `indexing.py`), the same entries the database engines read.
"""

from elasticsearch.dsl import Q as EsQ
from elasticsearch.dsl import Search

from portal.search import client as es
from portal.search.registry import indexed_types
from portal.search.results import FACETS, YEAR_FIELD, SearchRequest, SearchResults, hit_from_document, labelled_facets

SUGGESTIONS = 8
HIGHLIGHTED = ("summary", "body", "applications", "impact", "tags", "title")  # in the order snippets are shown
NOT_RETURNED = ["body", "spell", "suggest", "applications", "impact"]
# A partial match needs one word; the more words (and the rarer) a result has, the higher it ranks.
PARTIAL_MATCH = "1"
NAME_BONUS = 40.0  # the query is the whole title: far above any word match
EVIDENCE_BOOST = 0.8  # types weighing at least this are evidence: every word in their title counts extra


def aliases() -> list[str]:
    return [es.index_name(indexed.name) for indexed in indexed_types()]


def _filter_clause(name: str, values: list[str]):
    return EsQ("terms", **{FACETS[name]: values})


def _year_range(request: SearchRequest):
    bounds = {"gte": request.year_from, "lte": request.year_to}
    return EsQ("range", **{YEAR_FIELD: {key: value for key, value in bounds.items() if value is not None}})


def _filters(request: SearchRequest, skip: str | None = None) -> list:
    clauses = [_filter_clause(name, values) for name, values in request.filters.items() if name != skip]
    if request.has_year_range and skip != "year":
        clauses.append(_year_range(request))
    return clauses


def _type_query(indexed, q: str, partial: bool):
    """One type's match: its fields as one weighted field, every word required (or any, when partial).

    Words together (a phrase, a tag) count extra; so does a query that is the whole title (a
    person's or an organisation's name puts them first although they weigh less than evidence),
    and, for the evidence itself, every word in the title.
    """
    fields = [f"{name}^{weight:g}" for name, weight in indexed.fields.items()]
    words = EsQ(
        "combined_fields",
        query=q,
        fields=fields,
        **({"operator": "or", "minimum_should_match": PARTIAL_MATCH} if partial else {"operator": "and"}),
    )
    bonuses = [
        EsQ("multi_match", query=q, type="phrase", fields=fields, slop=1),
        EsQ("constant_score", filter=EsQ("match", **{"title.name": " ".join(q.split())}), boost=NAME_BONUS),
    ]
    if indexed.boost >= EVIDENCE_BOOST:
        bonuses.append(EsQ("match", title={"query": q, "operator": "and", "boost": 2}))
    return EsQ("bool", filter=[EsQ("term", kind=indexed.kind)], must=[words], should=bonuses, boost=indexed.boost)


def text_query(q: str, partial: bool = False):
    if not q:
        return EsQ("match_all")
    return EsQ("bool", should=[_type_query(indexed, q, partial) for indexed in indexed_types()], minimum_should_match=1)


def _scored(query):
    # Stronger evidence and newer work rank a little higher among equally relevant results.
    return EsQ(
        "function_score",
        query=query,
        functions=[
            {"field_value_factor": {"field": "evidence_level", "modifier": "log1p", "missing": 1}},
            {"gauss": {"published_at": {"origin": "now", "scale": "730d", "decay": 0.8}}, "weight": 1},
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )


def readable_by(keys) -> EsQ:
    """Documents anyone may find, and restricted ones (a private group's topics) whose key the searcher holds."""
    anyone = EsQ("bool", must_not=[EsQ("exists", field="restricted_to")])
    if not keys:
        return anyone
    return EsQ("bool", should=[anyone, EsQ("terms", restricted_to=list(keys))], minimum_should_match=1)


def build_search(request: SearchRequest, facets: bool = True, highlights: bool = True, partial: bool = False) -> Search:
    """The Elasticsearch request for a search: the endpoint sends exactly this (and so does the benchmark)."""
    # A type whose index does not exist yet (nothing published) must not break the others. dfs: each
    # type is an index of its own, and a word's rarity must be counted over all of them, or a word
    # common in case studies but rare among people would put people first.
    search = (
        Search(using=es.get_client(), index=aliases())
        .params(ignore_unavailable=True, allow_no_indices=True, search_type="dfs_query_then_fetch")
        .query(_scored(text_query(request.q, partial)))
        # In the query, not a post filter: results, totals and facet counts alike leave out what is not theirs.
        .filter(readable_by(request.readable))
    )
    # Multi-select facets: the results obey every filter; each facet's counts obey all the others.
    if request.filters or request.has_year_range:
        search = search.post_filter(EsQ("bool", filter=_filters(request)))
    if facets:
        for name, field_name in FACETS.items():
            bucket = search.aggs.bucket(name, "filter", filter=EsQ("bool", filter=_filters(request, skip=name)))
            bucket.bucket("values", "terms", field=field_name, size=50)
    if request.sort == "newest":
        search = search.sort({"published_at": {"order": "desc", "missing": "_last"}}, "_score")
    elif request.sort == "evidence":
        search = search.sort({"evidence_level": {"order": "desc", "missing": "_last"}}, "_score")
    if highlights:
        search = search.highlight(*HIGHLIGHTED, fragment_size=160, number_of_fragments=2)
        search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
        if request.q:
            search = search.suggest("spelling", request.q, term={"field": "spell", "suggest_mode": "missing"})
        search = search.source(excludes=NOT_RETURNED)
    else:
        search = search.source(excludes=[*NOT_RETURNED, "organisations", "tags"])
    return search.extra(track_total_hits=True)[request.offset : request.offset + request.size]


def answer(search: Search) -> dict:
    """Send a built search; Elasticsearch's answer as plain dicts.

    What `Search.execute()` sends, without wrapping the answer in elasticsearch-dsl's response
    objects, which took longer than building the request.
    """
    return es.get_client().search(index=search._index, body=search.to_dict(), **search._params).body


def search(
    request: SearchRequest, facets: bool = True, highlights: bool = True, every_word: bool = False
) -> SearchResults:
    """Every word matched; when nothing has them all, the best partial matches, marked partial (unless
    `every_word`: then nothing)."""
    partial = False
    body = answer(build_search(request, facets=facets, highlights=highlights))
    if request.q and not every_word and not body["hits"]["total"]["value"]:
        retry = answer(build_search(request, facets=facets, highlights=highlights, partial=True))
        if retry["hits"]["total"]["value"]:
            partial, body = True, {**retry, "suggest": body.get("suggest", {})}
    aggregations = body.get("aggregations", {})
    raw_facets = {
        name: [(bucket["key"], bucket["doc_count"]) for bucket in aggregations[name]["values"]["buckets"]]
        for name in FACETS
        if name in aggregations
    }
    return SearchResults(
        request=request,
        total=body["hits"]["total"]["value"],
        hits=[hit_from_elasticsearch(hit) for hit in body["hits"]["hits"]],
        facets=labelled_facets(raw_facets, request),
        suggestion=_spelling_suggestion(body, request.q),
        partial=partial,
        engine="elasticsearch",
    )


def hit_from_elasticsearch(hit: dict) -> dict:
    highlight = hit.get("highlight", {})
    snippets = [snippet for field_name in HIGHLIGHTED for snippet in highlight.get(field_name, [])]
    # HTML-escaped by Elasticsearch except for <mark>
    return hit_from_document(hit["_source"]["kind"], hit["_id"], hit["_source"], snippets[:2])


def _spelling_suggestion(answer: dict, q: str) -> str:
    suggestions = answer.get("suggest", {})
    if not q or "spelling" not in suggestions:
        return ""
    # Each misspelt word is replaced where it was typed; the rest of the query stays as it was.
    corrected = q
    for entry in sorted(suggestions["spelling"], key=lambda entry: entry["offset"], reverse=True):
        if entry["options"]:
            start = entry["offset"]
            corrected = corrected[:start] + entry["options"][0]["text"] + corrected[start + entry["length"] :]
    return corrected if corrected != q else ""


def suggest_titles(q: str, readable: tuple[str, ...] = ()) -> list[dict]:
    """Titles that complete what someone is typing (fewer than ten), of documents this searcher may find."""
    search = (
        Search(using=es.get_client(), index=aliases())
        .params(ignore_unavailable=True)
        .query(
            "multi_match",
            query=q,
            type="bool_prefix",
            # Every word typed, the last as a prefix: "time ba" is not every title with a "ba...".
            operator="and",
            fields=["suggest", "suggest._2gram", "suggest._3gram"],
        )
        .filter(readable_by(readable))
    )
    hits = answer(search.source(["title", "url", "kind"])[:SUGGESTIONS])["hits"]["hits"]
    return [{key: hit["_source"][key] for key in ("title", "url", "kind")} for hit in hits]


def more_like_this(object_id, size: int = 4) -> list[dict]:
    """Case studies like this one."""
    alias = es.index_name("case-studies")
    search = Search(using=es.get_client(), index=alias).query(
        "more_like_this",
        fields=["title", "summary", "body", "tags", "applications"],
        like=[{"_index": alias, "_id": str(object_id)}],
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
        minimum_should_match="10%",
    )
    return [hit_from_elasticsearch(hit) for hit in answer(search.source(excludes=NOT_RETURNED)[:size])["hits"]["hits"]]


def gap_counts() -> dict:
    """(service area slug, principle slug) -> {evidence level: case studies}, from the index."""
    search = Search(using=es.get_client(), index=es.index_name("case-studies")).extra(size=0)
    areas = search.aggs.bucket("areas", "terms", field="service_area", size=100)
    principles = areas.bucket("principles", "terms", field="principles", size=50)
    principles.bucket("levels", "terms", field="evidence_level", size=5)
    counts = {}
    for area in answer(search)["aggregations"]["areas"]["buckets"]:
        for principle in area["principles"]["buckets"]:
            levels = {int(bucket["key"]): bucket["doc_count"] for bucket in principle["levels"]["buckets"]}
            counts[(area["key"], principle["key"])] = levels
    return counts


MSEARCH_CHUNK = 100  # searches per multi-search request


def matching_case_study_ids(requests: list[SearchRequest], among: list[int]) -> list[set[int]]:
    """For each request, which of these case studies it finds (every word matching), in multi-search batches."""
    index = es.index_name("case-studies")
    client = es.get_bulk_client()  # background work: time enough, unlike a visitor's search
    matches = []
    for start in range(0, len(requests), MSEARCH_CHUNK):
        body = []
        for request in requests[start : start + MSEARCH_CHUNK]:
            search = build_search(request, facets=False, highlights=False)
            search = search.filter("ids", values=[str(pk) for pk in among]).source(False)
            body += [{"index": index, "ignore_unavailable": True}, search.extra(size=len(among)).to_dict()]
        for response in client.msearch(body=body).body["responses"]:
            hits = [] if "error" in response else response["hits"]["hits"]
            matches.append({int(hit["_id"]) for hit in hits})
    return matches
