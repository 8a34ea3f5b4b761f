"""Elasticsearch when it answers, the database otherwise: the one place that decides, for every read."""

import logging
from collections.abc import Callable

from elasticsearch import BadRequestError

from portal.search import client as es
from portal.search.services import ELASTICSEARCH_ERRORS

logger = logging.getLogger(__name__)


def unavailable_reason() -> str:
    """Why Elasticsearch will not be asked now ("" when it will)."""
    if not es.is_configured():
        return "the search engine is not configured"
    if es.breaker.is_open:
        return "the search engine did not answer a moment ago"
    return ""


def answered(what: str, elasticsearch: Callable, database: Callable):
    """(answer, reduced-mode reason): Elasticsearch's answer, or the database's with the reason why.

    A failure opens the circuit breaker, so the next requests do not wait for Elasticsearch either.
    `database` may be None for features that have no reduced mode: the answer is then None.
    """
    reason = unavailable_reason()
    if not reason:
        try:
            result = elasticsearch()
            es.breaker.record_success()
            return result, ""
        except BadRequestError as exc:
            # Elasticsearch is up but refused what we sent: a bug of ours, not an outage (the tests fail on it).
            logger.error("%s: Elasticsearch refused the request: %s", what, exc)
            reason = "the search engine could not answer this search"
        except ELASTICSEARCH_ERRORS as exc:
            es.breaker.record_failure()
            logger.warning("%s fell back to the database: %s", what, exc)
            reason = "the search engine did not answer"
        except Exception:  # a surprise in the engine's answer must not cost the user their search
            logger.exception("%s failed unexpectedly; answering from the database", what)
            reason = "the search engine gave an answer we could not read"
    return (database() if database else None), reason
