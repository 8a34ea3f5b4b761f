"""The OpenAPI 3.1 description of the search API, kept next to the code it describes."""

from portal.search.results import (
    FACETS,
    MAX_FILTER_VALUES,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    SORTS,
    YEARS,
)

# The item types of filters whose values are numbers; the others are slugs.
NUMERIC_FILTERS = {
    "evidence": {"type": "integer", "minimum": 1, "maximum": 5},
    "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
}

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
        "kind": {"type": "string", "enum": ["case_study", "principle", "profile", "organisation", "event", "topic"]},
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
PROMOTION = {
    "type": "object",
    "description": "An editors' pick: a page (or an external link) editors promote for this query.",
    "required": ["title", "url", "description", "external"],
    "properties": {
        "title": {"type": "string"},
        "url": {"type": "string"},
        "description": {"type": "string"},
        "external": {"type": "boolean", "description": "Whether the link leaves the portal."},
    },
}
SEARCH_RESPONSE = {
    "type": "object",
    "required": [
        "query",
        "filters",
        "sort",
        "page",
        "size",
        "pages",
        "total",
        "reduced_mode",
        "promotions",
        "results",
        "facets",
    ],
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
        "partial": {
            "type": "boolean",
            "description": "No result has every word of the query: these are the best partial matches.",
        },
        "corrected_from": {
            "type": "string",
            "description": "When not empty, the query as typed found nothing and these are the results of its "
            "correction, `query`; send `as_typed=1` to search exactly what was typed.",
        },
        "totals_by_type": {
            "type": "array",
            "description": "Results per type whatever the `type` filter, evidence first.",
            "items": {"$ref": "#/components/schemas/FacetEntry"},
        },
        "promotions": {
            "type": "array",
            "description": "Editors' picks whose query matches `q` (case and spacing aside), shown above the results.",
            "items": {"$ref": "#/components/schemas/Promotion"},
        },
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
        "facets": {
            "type": "object",
            "properties": {
                name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetEntry"}} for name in FACETS
            },
        },
    },
}
EXPORT_RESPONSE = {
    "type": "object",
    "required": ["total", "exported", "cap", "truncated", "reduced_mode", "results"],
    "properties": {
        "total": {"type": "integer", "minimum": 0},
        "exported": {"type": "integer", "minimum": 0},
        "cap": {"type": "integer", "minimum": 1},
        "truncated": {"type": "boolean"},
        "reduced_mode": {"type": "boolean"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
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
            "schema": {
                "type": "array",
                "maxItems": MAX_FILTER_VALUES,
                "items": NUMERIC_FILTERS.get(name, {"type": "string", "maxLength": 100}),
            },
            "style": "form",
            "explode": True,
        }
        for name in FACETS
    ]


def openapi_document(server_url: str) -> dict:
    query_parameters = [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH}},
        *_filter_parameters(),
        *[
            {
                "name": name,
                "in": "query",
                "description": f"Start year {bound} (inclusive); results without a start year are left out.",
                "schema": {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
            }
            for name, bound in (("year_from", "from"), ("year_to", "up to"))
        ],
        {
            "name": "as_typed",
            "in": "query",
            "description": "Search exactly what was typed, never its spelling correction.",
            "schema": {"type": "boolean"},
        },
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {
            "name": "page",
            "in": "query",
            "description": f"Pages reach the first {MAX_RESULT_WINDOW} results: page times size beyond that is a 400.",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_RESULT_WINDOW},
        },
        {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
    ]
    export_parameters = [parameter for parameter in query_parameters if parameter["name"] not in ("page", "size")]
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
            "description": "Search case studies, principles and practitioners, with facets and editors' picks. "
            "In reduced mode (Elasticsearch unavailable) the database answers the same shape.",
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
                    "description": "At most 8 titles; an empty list for an empty query.",
                    "responses": {
                        "200": {
                            "description": "Titles completing the typed text",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/SuggestResponse"}}
                            },
                        },
                        "400": bad_request,
                    },
                }
            },
            "/search/export.json": {
                "get": {
                    "operationId": "exportJson",
                    "description": "The current search as JSON, capped at 1000 rows; page and size are ignored.",
                    "parameters": export_parameters,
                    "responses": {
                        "200": {
                            "description": "Up to 1000 results with the total, the cap and whether it cut",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ExportResponse"}}
                            },
                        },
                        "400": bad_request,
                    },
                }
            },
            "/search/export.csv": {
                "get": {
                    "operationId": "exportCsv",
                    "description": "The same rows as CSV; X-Total-Count and X-Export-Cap headers give the total "
                    "and the cap, and a last comment row says when the export was cut.",
                    "parameters": export_parameters,
                    "responses": {
                        "200": {"description": "CSV rows", "content": {"text/csv": {"schema": {"type": "string"}}}},
                        "400": bad_request,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "SearchResponse": SEARCH_RESPONSE,
                "Result": RESULT,
                "Promotion": PROMOTION,
                "FacetEntry": FACET_ENTRY,
                "SuggestResponse": SUGGEST_RESPONSE,
                "ExportResponse": EXPORT_RESPONSE,
                "Error": ERROR,
            }
        },
    }
