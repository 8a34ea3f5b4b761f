"""`manage.py search_index rebuild|sync|status`: run the search index from the command line."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.search import client as es
from portal.search import database, services
from portal.search.registry import indexed_type, indexed_types


class Command(BaseCommand):
    help = "Rebuild the search index behind its aliases, push the outbox, or show counts."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])
        parser.add_argument("--type", dest="type_name", choices=[t.name for t in indexed_types()])
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, action, type_name=None, no_progress=False, **options):
        if action != "status":
            self._database(action, no_progress)
        if action != "status" and not es.is_configured():
            self.stdout.write("ELASTICSEARCH_URL is not set: only the database's search table was updated.")
            return
        try:
            getattr(self, f"_{action}")(type_name, no_progress)
        except services.RebuildInProgress as exc:
            raise CommandError(str(exc)) from exc
        except services.ELASTICSEARCH_ERRORS as exc:
            raise CommandError(f"Elasticsearch did not answer: {exc}") from exc

    def _database(self, action, no_progress):
        """The database's search table (reduced mode) is rebuilt or synced along with the index."""
        if action == "sync":
            result = database.sync()
            self.stdout.write(f"search table: {result['stored']} changes stored, {result['pending']} pending")
            return

        def progress(indexed, total):
            bar = tqdm(total=total, desc=f"{indexed.label} (table)", unit="doc", disable=no_progress, file=self.stderr)
            bars.append(bar)
            return bar.update

        bars = []
        results = database.rebuild(progress)
        for bar in bars:
            bar.close()
        loaded = ", ".join(f"{result['loaded']} {result['type']}" for result in results)
        self.stdout.write(f"search table: {loaded}")

    def _rebuild(self, type_name, no_progress):
        for indexed in [indexed_type(type_name)] if type_name else indexed_types():
            total = indexed.queryset().count()
            with tqdm(total=total, desc=indexed.label, unit="doc", disable=no_progress, file=self.stderr) as bar:
                result = services.rebuild(indexed=indexed, progress=bar.update)
            self.stdout.write(
                f"{indexed.name}: {result['loaded']} documents in {result['index']}"
                f" ({result['replayed']} changes made meanwhile replayed)"
            )
        pending = services.sync()
        self.stdout.write(f"outbox: {pending['pushed']} pushed, {pending['pending']} pending")

    def _sync(self, type_name, no_progress):
        result = services.sync()
        self.stdout.write(f"{result['pushed']} pushed, {result['failed']} failed, {result['pending']} pending")
        if result["pending"]:
            raise CommandError("Some changes could not be pushed; they stay in the outbox.")

    def _status(self, type_name, no_progress):
        self.stdout.write(f"{'type':<14}{'database':>10}{'index':>10}{'pending':>10}{'failing':>10}  indices")
        for row in services.status():
            index = row.get("index")
            index_text = "-" if index is None else str(index)
            indices = ", ".join(row.get("indices", []))
            if row.get("building"):
                indices += " (a rebuild is loading, or was interrupted)"
            self.stdout.write(
                f"{row['type']:<14}{row['database']:>10}{index_text:>10}{row['pending']:>10}{row['failing']:>10}"
                f"  {indices}"
            )
            if row.get("error"):
                self.stdout.write(f"  {row['error']}")
