"""Fresh empty databases for tests: a SQLite file, or a new database on the test PostgreSQL server.

PostgreSQL tests run when TEAMBORD_TEST_PG_URL points at a server (`.ci/run` starts one). On CI
(CI=true) a missing server is an error, not a reason to skip: CI must test both databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_URL = os.environ.get("TEAMBORD_TEST_PG_URL", "")
ON_CI = os.environ.get("CI", "").lower() == "true"

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL and not ON_CI, reason="geen TEAMBORD_TEST_PG_URL: alleen SQLite"),
    ]),
]


@contextmanager
def fresh_database_url(backend: str, tmp_path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    if not PG_URL:
        raise RuntimeError("CI=true maar TEAMBORD_TEST_PG_URL is niet gezet: PostgreSQL-tests kunnen niet draaien")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"teambord_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
