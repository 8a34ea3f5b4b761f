"""Judged relevance: run the judged query set against one search engine and report MRR@10 and hits in the top 3.

The queries and their right answers are in `judged_queries.json` (over the demo content). Inside a
test, with the demo content loaded, call `evaluate(engine)`; from a shell, this script builds a
database of its own, loads the demo content into it and prints the report:

    eval "$(scripts/services.sh env)"            # for elasticsearch and postgresql
    .venv/bin/python bench/search/relevance.py --engine elasticsearch
    .venv/bin/python bench/search/relevance.py --engine postgresql   # reduced mode, database `portal_relevance`
    .venv/bin/python bench/search/relevance.py --engine sqlite       # reduced mode, a temporary SQLite file
    .venv/bin/python bench/search/relevance.py --engine sqlite --json  # the report as JSON (what the tests read)

Elasticsearch runs on a temporary SQLite database with indices under the prefix `relevance`.
"""

import argparse
import io
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
JUDGED_QUERIES = Path(__file__).resolve().parent / "judged_queries.json"
ENGINES = ("elasticsearch", "postgresql", "sqlite")
CUTOFF = 10  # MRR@10
TARGETS = {"elasticsearch": 0.95, "postgresql": 0.85, "sqlite": 0.85}


def judged_queries() -> list[dict]:
    return json.loads(JUDGED_QUERIES.read_text(encoding="utf-8"))["queries"]


def target_of(hit: dict) -> str:
    """'<kind>:<slug>' of a result: its kind and the last part of its URL."""
    slug = [part for part in urlsplit(hit.get("url") or "").path.split("/") if part]
    return f"{hit['kind']}:{slug[-1] if slug else hit.get('id', '')}"


@dataclass
class QueryOutcome:
    q: str
    category: str
    rank: int | None  # 1-based rank of the first right answer in the top CUTOFF, or None
    top: list[str]  # the first three results
    suggestion: str
    engine: str  # which engine answered: "elasticsearch" or the database's vendor


@dataclass
class Report:
    engine: str
    queries: int
    mrr: float
    top3: int
    false_corrections: list[dict] = field(default_factory=list)  # corrections offered for correct queries
    missed_corrections: list[dict] = field(default_factory=list)  # misspellings offered nothing or else
    wrong_engine: list[str] = field(default_factory=list)  # queries another engine answered
    outcomes: list[QueryOutcome] = field(default_factory=list)

    def misses(self) -> list[QueryOutcome]:
        """Queries whose right answer was not first."""
        return [outcome for outcome in self.outcomes if outcome.rank != 1]

    def summary(self) -> str:
        lines = [
            f"{self.engine}: MRR@{CUTOFF} {self.mrr:.3f}, top 3 {self.top3}/{self.queries}, "
            f"false corrections {len(self.false_corrections)}, missed corrections {len(self.missed_corrections)}"
        ]
        lines += [f"  rank {o.rank or '-'}: {o.q!r} -> {o.top}" for o in self.misses()]
        lines += [f"  false correction: {c['q']!r} -> {c['suggestion']!r}" for c in self.false_corrections]
        lines += [f"  missed correction: {c['q']!r} -> {c['suggestion']!r}" for c in self.missed_corrections]
        lines += [f"  answered by another engine: {q!r}" for q in self.wrong_engine]
        return "\n".join(lines)


def answering_engine(results) -> str:
    from django.db import connection

    return connection.vendor if results.reduced_mode else "elasticsearch"


def evaluate(engine: str, queries: list[dict] | None = None) -> Report:
    """Run the judged set through the portal's own search (what /search/ and the API call)."""
    from portal.search.selectors import SearchRequest, search

    outcomes = []
    report = Report(engine=engine, queries=0, mrr=0.0, top3=0)
    for judged in queries or judged_queries():
        results = search(SearchRequest(q=judged["q"], size=CUTOFF))
        found = [target_of(hit) for hit in results.hits[:CUTOFF]]
        rank = next((i + 1 for i, target in enumerate(found) if target in judged["relevant"]), None)
        answered_by = answering_engine(results)
        outcomes.append(QueryOutcome(judged["q"], judged["category"], rank, found[:3], results.suggestion, answered_by))
        if answered_by != engine:
            report.wrong_engine.append(judged["q"])
        correction = {"q": judged["q"], "suggestion": results.suggestion}
        if judged["category"] != "misspelling" and results.suggestion:
            report.false_corrections.append(correction)
        elif judged.get("did_you_mean") and results.suggestion.lower() != judged["did_you_mean"]:
            report.missed_corrections.append(correction)
    report.outcomes = outcomes
    report.queries = len(outcomes)
    report.mrr = sum(1 / o.rank for o in outcomes if o.rank) / max(1, len(outcomes))
    report.top3 = sum(1 for o in outcomes if o.rank and o.rank <= 3)
    return report


# --- from a shell: a database of its own, the demo content, the report --------------------------------


def _postgresql_url() -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not parts.scheme.startswith("postgres"):
        raise SystemExit('Set DATABASE_URL to PostgreSQL (eval "$(scripts/services.sh env)").')
    return parts._replace(path="/portal_relevance").geturl()


def _ensure_postgresql_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'portal_relevance'").fetchone()
        if not exists:
            connection.execute("CREATE DATABASE portal_relevance")


def _configure(engine: str, workdir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "relevance"
    # A measure of ranking, not of speed: a busy machine must not turn a slow answer into reduced mode.
    os.environ["ELASTICSEARCH_TIMEOUT"] = "15"
    os.environ["DEBUG"] = "1"
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    if engine == "postgresql":
        os.environ["DATABASE_URL"] = _postgresql_url()
        _ensure_postgresql_database(os.environ["DATABASE_URL"])
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(workdir) / 'relevance.sqlite3'}"
    if engine == "elasticsearch":
        if not os.environ.get("ELASTICSEARCH_URL"):
            raise SystemExit('Set ELASTICSEARCH_URL (eval "$(scripts/services.sh env)").')
    else:
        os.environ["ELASTICSEARCH_URL"] = ""


def run(engine: str) -> Report:
    import django
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="relevance-") as workdir:
        _configure(engine, workdir)
        sys.path.insert(0, str(ROOT))
        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo_content", verbosity=0, force=True, stdout=io.StringIO())
        report = evaluate(engine)
        from django.db import connections

        connections.close_all()
        return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=ENGINES, default="elasticsearch")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    report = run(args.engine)
    # The report is the last line: whatever else was printed comes before it.
    print(json.dumps(asdict(report)) if args.json else report.summary())


if __name__ == "__main__":
    main()
