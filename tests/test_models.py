"""Model rules: constraints, the audit log written with every client change, optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from models.audit import Actor, AuditEntry, AuditLogIsAppendOnly, MissingActorError, act_as
from models.tables.clients import Client, Trajectory
from models.client.write import create_client, update_client
from models.enums import AuditAction, Fase, Hulpvorm
from models.errors import ConcurrentEdit, ValidationFailed
from models.tables.workers import Worker
from tests.databases import BACKENDS, fresh_database_url
from tui.db import open_database

AV = Actor("AV")
BK = Actor("BK")


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    with fresh_database_url(request.param, tmp_path) as url:
        database = open_database(url)
        with Session(database.engine) as session:
            session.add_all([Worker(code="AV", name="Anna Vos"), Worker(code="BK", name="Bas Kok")])
            session.commit()
        yield database
        database.dispose()


def _audit(database) -> list[AuditEntry]:
    with Session(database.engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


def test_creating_a_client_writes_an_audit_entry_in_the_same_transaction(db):
    with db.session(AV, write=True) as session:
        client = create_client(session, code="zs-0001", gemeente="zaanstad", initials="M.B.", fase=Fase.FASE_1)
        session.commit()
    entries = _audit(db)
    assert client.code == "ZS-0001" and client.region == "zaanstreek"
    assert [(e.user_code, e.action, e.entity, e.client_code) for e in entries] == [
        ("AV", AuditAction.CREATE, "client", "ZS-0001")
    ]
    assert entries[0].at.tzinfo is not None


def test_update_logs_field_names_but_never_values(db):
    with db.session(AV, write=True) as session:
        client = create_client(session, code="ZS-0002", gemeente="zaanstad", initials="K.L.")
        session.commit()
    with db.session(BK, write=True) as session:
        update_client(session, client.id, client.version, {"initials": "Q.Z.", "fase": Fase.FASE_2})
        session.commit()
    last = _audit(db)[-1]
    assert (last.user_code, last.action, last.client_code) == ("BK", AuditAction.UPDATE, "ZS-0002")
    assert set(last.detail.split(", ")) == {"initials", "fase"}
    assert "Q.Z." not in last.detail and "K.L." not in last.detail


def test_writes_to_related_tables_are_audited_with_the_client_code(db):
    with db.session(AV, write=True) as session:
        client = create_client(session, code="WL-0003", gemeente="purmerend")
        session.add(Trajectory(client_id=client.id, hulpvorm=Hulpvorm.AMBULANT, start_date=date(2026, 11, 1)))
        session.commit()
    last = _audit(db)[-1]
    assert (last.entity, last.client_code, last.action) == ("trajectory", "WL-0003", AuditAction.CREATE)


def test_client_change_without_a_user_is_refused_and_nothing_is_saved(db):
    with Session(db.engine) as session:
        session.add(Client(code="ZS-0004", region="zaanstreek", gemeente="zaanstad"))
        with pytest.raises(MissingActorError):
            session.commit()
    with Session(db.engine) as session:
        assert session.exec(select(Client)).all() == []


def test_audit_log_is_append_only(db):
    with db.session(AV, write=True) as session:
        create_client(session, code="ZS-0005", gemeente="zaanstad")
        session.commit()
    with db.session(AV, write=True) as session:
        entry = session.exec(select(AuditEntry)).first()
        entry.user_code = "XX"
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()
    with db.session(AV, write=True) as session:
        session.delete(session.exec(select(AuditEntry)).first())
        with pytest.raises(AuditLogIsAppendOnly):
            session.commit()
    assert _audit(db)[0].user_code == "AV"


def test_stale_write_raises_and_is_not_applied(db):
    """Two sessions load the same client; the second save is refused, the first one stays."""
    with db.session(AV, write=True) as session:
        create_client(session, code="ZS-0006", gemeente="zaanstad", initials="A.A.")
        session.commit()
    with db.session(AV) as first:
        mine = first.exec(select(Client)).one()
    with db.session(BK) as second:
        theirs = second.exec(select(Client)).one()
    with db.session(AV, write=True) as session:
        session.add(mine)
        mine.initials = "B.B."
        session.commit()
    with db.session(BK, write=True) as session:
        session.add(theirs)  # still carries version 1, as loaded
        theirs.initials = "C.C."
        with pytest.raises(StaleDataError):
            session.commit()
    with Session(db.engine) as session:
        stored = session.exec(select(Client)).one()
    assert (stored.initials, stored.version) == ("B.B.", 2)


def test_update_from_a_stale_form_is_reported_in_dutch_with_who_changed_what(db):
    with db.session(AV, write=True) as session:
        client = create_client(session, code="ZS-0007", gemeente="zaanstad")
        session.commit()
    loaded_version = client.version
    with db.session(BK, write=True) as session:
        update_client(session, client.id, loaded_version, {"fase": Fase.FASE_2})
        session.commit()
    with db.session(AV, write=True) as session:
        with pytest.raises(ConcurrentEdit) as refused:
            update_client(session, client.id, loaded_version, {"initials": "X.Y."})
    assert "intussen gewijzigd door BK" in str(refused.value)
    assert refused.value.changed_fields == ("fase",)
    with Session(db.engine) as session:
        stored = session.exec(select(Client)).one()
    assert stored.initials == "" and stored.fase == Fase.FASE_2


def test_client_code_is_unique(db):
    with db.session(AV, write=True) as session:
        create_client(session, code="ZS-0008", gemeente="zaanstad")
        session.commit()
        with pytest.raises(ValidationFailed, match="bestaat al"):
            create_client(session, code="zs-0008", gemeente="zaanstad")
    with db.session(AV, write=True) as session:  # and the database enforces it too
        session.add(Client(code="ZS-0008", region="zaanstreek", gemeente="zaanstad"))
        with pytest.raises(IntegrityError) as error:
            session.commit()
    assert "ZS-0008" not in str(error.value)  # parameters are hidden from error messages


def test_foreign_keys_are_enforced(db):
    with db.session(AV, write=True) as session:
        session.add(Client(code="ZS-0009", region="zaanstreek", gemeente="zaanstad", worker_id=999))
        with pytest.raises(IntegrityError):
            session.commit()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"gemeente": "amsterdam"}, "gemeente", "Onbekende gemeente"),
        ({"huisverbod_end": date(2026, 12, 1)}, "huisverbod_start", "begindatum"),
        ({"huisverbod_start": date(2026, 11, 1), "huisverbod_end": date(2026, 12, 5)}, "huisverbod_end", "28 dagen"),
        ({"fase": "fase_9"}, "fase", "fase 1 of fase 2"),
    ],
)
def test_invalid_client_changes_are_refused_at_the_field(db, changes, field, message):
    with db.session(AV, write=True) as session:
        client = create_client(session, code="ZS-0010", gemeente="zaanstad")
        session.commit()
    with db.session(AV, write=True) as session:
        with pytest.raises(ValidationFailed, match=message) as refused:
            update_client(session, client.id, client.version, changes)
    assert refused.value.field == field
    with Session(db.engine) as session:
        assert session.exec(select(Client)).one().version == 1  # nothing saved half


def test_a_client_and_its_trajectory_in_one_flush_are_both_audited_with_code_and_id(db):
    with db.session(AV, write=True) as session:
        client = Client(code="ZS-0011", region="zaanstreek", gemeente="zaanstad")
        session.add(client)
        session.flush()
        session.add(Trajectory(client_id=client.id, hulpvorm=Hulpvorm.AMBULANT, start_date=date(2026, 11, 1)))
        session.commit()
    entries = [(e.entity, e.client_code, e.entity_id != "") for e in _audit(db)]
    assert entries == [("client", "ZS-0011", True), ("trajectory", "ZS-0011", True)]
