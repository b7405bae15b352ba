"""Several processes edit the same client at once, on SQLite and PostgreSQL.

No lost update: every save is either accepted (and present: the version counts them all, the
audit log has one entry each) or refused and reported; no "database is locked" crash.
"""

from __future__ import annotations

import multiprocessing
import sys

import pytest
from sqlmodel import Session, select

from models.audit import Actor, AuditEntry
from models.tables.clients import Client
from models.client.write import create_client
from models.enums import AuditAction
from models.tables.workers import Worker
from tests.databases import BACKENDS, fresh_database_url
from tests.concurrency_worker import edit_loop
from tui.db import open_database

PROCESSES = 4
SECONDS = 3.0
MAX_ATTEMPTS = 400


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_edits_lose_nothing(backend, tmp_path):
    with fresh_database_url(backend, tmp_path) as url:
        database = open_database(url)
        with database.session(Actor("AV"), write=True) as session:
            session.add_all([Worker(code=f"W{i}", name=f"Medewerker {i}") for i in range(PROCESSES)])
            session.commit()
            client_id = create_client(session, code="ZS-0001", gemeente="zaanstad").id
            session.commit()  # create_client only flushes
        database.dispose()

        context = multiprocessing.get_context("spawn")
        with context.Pool(PROCESSES) as pool:
            results = pool.starmap(edit_loop, [(url, client_id, f"W{i}", SECONDS, MAX_ATTEMPTS)
                                               for i in range(PROCESSES)])

        database = open_database(url)
        with Session(database.engine) as session:
            client = session.get(Client, client_id)
            updates = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.UPDATE,
                                                            AuditEntry.client_code == "ZS-0001")).all()
        database.dispose()

    attempted = sum(r["attempts"] for r in results)
    accepted = [note for r in results for note in r["accepted"]]
    refused = sum(r["refused"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    report = (f"{backend}: {PROCESSES} processes, {attempted} writes attempted, {len(accepted)} accepted, "
              f"{refused} refused, errors {len(errors)}, lost {attempted - len(accepted) - refused - len(errors)}")
    print(report, file=sys.stderr)
    assert errors == []
    assert attempted == len(accepted) + refused  # every save is accounted for
    assert client.version == 1 + len(accepted)  # every accepted save is in the record's history
    assert len(updates) == len(accepted)  # and in the audit log, once each
    assert client.melding_note in accepted  # the stored value is one that was accepted
    assert len(accepted) > 0 and attempted > PROCESSES
