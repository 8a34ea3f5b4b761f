"""Reduced mode on SQLite (`make run`'s default): the database engine tests again, in a process on SQLite."""

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

ENGINE_TESTS = "tests/search/test_database_engines.py"


def test_the_database_engine_tests_pass_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "TEST_DATABASE_NAME": "",  # SQLite's test database in memory
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", ENGINE_TESTS, "-q", "-p", "no:cacheprovider", "-W", "ignore"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
