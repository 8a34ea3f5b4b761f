"""The suite runs on the real PostgreSQL that `make test` starts."""

from django.db import connection


def test_test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000
