"""Reduced mode: the database answers searches with the same meaning as Elasticsearch."""


def titles(client, query):
    response = client.get("/api/search/" + query)
    assert response.status_code == 200, response.content
    assert response.json()["reduced_mode"] is True
    return sorted(result["title"] for result in response.json()["results"])


def test_reduced_mode_finds_only_what_matches_every_word(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    assert titles(client, "?q=surgery&type=case_study") == ["A time bank at the surgery"]
    assert titles(client, "?q=personal+budgets&type=case_study") == ["Personal budgets planned with carers"]


def test_reduced_mode_finds_nothing_for_words_nowhere_on_the_site(client, catalogue, settings):
    settings.ELASTICSEARCH_URL = ""

    assert titles(client, "?q=zebra") == []
