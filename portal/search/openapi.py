"""The OpenAPI 3.1 description of the search API, kept next to the code it describes."""

from portal.search.selectors import FACETS, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SORTS

FACET_ENTRY = {
    "type": "object",
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"},
    },
}
RESULT = {
    "type": "object",
    "required": ["id", "kind", "title", "url", "highlights"],
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string", "enum": ["case_study", "principle", "profile", "topic"]},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "summary": {"type": ["string", "null"]},
        "highlights": {"type": "array", "items": {"type": "string"}},
        "service_area": {"type": ["string", "null"]},
        "region": {"type": ["string", "null"]},
        "evidence_level": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
        "year": {"type": ["integer", "null"]},
        "published_at": {"type": ["string", "null"]},
    },
}
SEARCH_RESPONSE = {
    "type": "object",
    "required": ["query", "filters", "sort", "page", "size", "pages", "total", "reduced_mode", "results", "facets"],
    "properties": {
        "query": {"type": "string"},
        "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "sort": {"type": "string", "enum": list(SORTS)},
        "page": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        "pages": {"type": "integer", "minimum": 1},
        "total": {"type": "integer", "minimum": 0},
        "reduced_mode": {"type": "boolean"},
        "notice": {"type": "string"},
        "did_you_mean": {"type": "string"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
        "facets": {
            "type": "object",
            "properties": {
                name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetEntry"}} for name in FACETS
            },
        },
    },
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
SUGGEST_RESPONSE = {
    "type": "object",
    "required": ["suggestions"],
    "properties": {
        "suggestions": {
            "type": "array",
            "maxItems": 9,
            "items": {
                "type": "object",
                "required": ["title", "url", "kind"],
                "properties": {"title": {"type": "string"}, "url": {"type": "string"}, "kind": {"type": "string"}},
            },
        }
    },
}


def _filter_parameters():
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": f"Filter by {name}; repeat for several values (OR within, AND across filters).",
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        }
        for name in FACETS
    ]


def openapi_document(server_url: str) -> dict:
    query_parameters = [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH}},
        *_filter_parameters(),
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
    ]
    json_response = {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}}}
    bad_request = {
        "description": "Input that cannot be searched",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Co-production portal search API",
            "version": "1",
            "description": "Search case studies, principles and practitioners, with facets. In reduced mode "
            "(Elasticsearch unavailable) the database answers the same shape without highlights.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            "/api/search/": {
                "get": {
                    "operationId": "search",
                    "parameters": query_parameters,
                    "responses": {
                        "200": {"description": "Results and facets", "content": json_response},
                        "400": bad_request,
                    },
                }
            },
            "/search/suggest/": {
                "get": {
                    "operationId": "suggest",
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "Titles completing the typed text",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/SuggestResponse"}}
                            },
                        }
                    },
                }
            },
            "/search/export.json": {
                "get": {
                    "operationId": "exportJson",
                    "parameters": query_parameters[:-3] + [query_parameters[-3]],
                    "responses": {
                        "200": {"description": "Up to 1000 results with the total and the cap"},
                        "400": bad_request,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "SearchResponse": SEARCH_RESPONSE,
                "Result": RESULT,
                "FacetEntry": FACET_ENTRY,
                "SuggestResponse": SUGGEST_RESPONSE,
                "Error": ERROR,
            }
        },
    }
