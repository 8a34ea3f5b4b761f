"""The one Elasticsearch client of the portal, configured from settings."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


def is_configured() -> bool:
    """Whether an Elasticsearch URL is set at all."""
    return bool(settings.ELASTICSEARCH_URL)


@cache
def _client_for(url: str, timeout: float) -> Elasticsearch:
    # Interactive requests must fail fast so the database fallback can answer.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def get_client() -> Elasticsearch:
    """The shared client; raises if Elasticsearch is not configured."""
    if not is_configured():
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def index_name(name: str) -> str:
    """An index or alias name under this deployment's prefix."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{name}"
