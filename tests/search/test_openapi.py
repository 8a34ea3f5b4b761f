"""The OpenAPI document describes what the search API really serves."""

import jsonschema
import pytest
from referencing import Registry, Resource


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return response.json()


def validator_for(schema, name):
    registry = Registry().with_resource(
        "urn:portal", Resource.from_contents({**schema, "$schema": "https://json-schema.org/draft/2020-12/schema"})
    )
    return jsonschema.Draft202012Validator({"$ref": f"urn:portal#/components/schemas/{name}"}, registry=registry)


def test_schema_is_openapi_3_1_with_the_search_paths(schema):
    assert schema["openapi"].startswith("3.1")
    assert {"/api/search/", "/search/suggest/", "/search/export.json"} <= set(schema["paths"])


@pytest.mark.parametrize(
    "query",
    ["?q=budget", "?type=case_study&service_area=health&sort=evidence", "?q=surgrey", "?size=1&page=2"],
)
def test_real_search_responses_match_the_schema(client, catalogue, schema, query):
    body = client.get("/api/search/" + query).json()

    validator_for(schema, "SearchResponse").validate(body)


def test_reduced_mode_responses_match_the_schema(client, catalogue, schema, settings):
    settings.ELASTICSEARCH_URL = ""

    validator_for(schema, "SearchResponse").validate(client.get("/api/search/?q=budget").json())


def test_errors_and_suggestions_match_the_schema(client, catalogue, schema):
    validator_for(schema, "Error").validate(client.get("/api/search/?page=0").json())
    validator_for(schema, "SuggestResponse").validate(client.get("/search/suggest/?q=res").json())
