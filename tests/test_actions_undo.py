"""The write layer's unit of work and its undo, on the demo database (no UI)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from models.actions import Done, perform
from models.actions.undo import undo
from models.tables.appointments import Appointment
from models.audit import Actor, AuditEntry
from models.errors import ConcurrentEdit, ValidationFailed
from models.tables.workers import Worker

MONDAY = date(2026, 11, 23)


def _worker_id(database, code: str) -> int:
    with database.session() as session:
        return session.exec(select(Worker.id).where(Worker.code == code)).one()


def _new_appointment(database, **changes):
    from models.planning.write import AppointmentInput, create_series

    data = AppointmentInput(worker_id=_worker_id(database, "AV"), day=date(2026, 11, 26), start=time(7, 0),
                            end=time(7, 30), kind="administratie", **changes)

    def action(session) -> Done:
        return Done("Afspraak toegevoegd", ids=tuple(create_series(session, data)))

    return perform(database, Actor("AV"), action)


def test_perform_commits_once_and_undo_removes_what_it_added(database):
    done = _new_appointment(database)
    assert done.undo is not None and done.undo.description == "Afspraak toegevoegd"
    with database.session() as session:
        assert session.get(Appointment, done.id) is not None
    undone = perform(database, Actor("AV"), undo, done.undo, undoable=False)
    assert undone.message == "Ongedaan gemaakt: Afspraak toegevoegd"
    with database.session() as session:
        assert session.get(Appointment, done.id) is None


def test_a_refused_action_saves_nothing(database):
    def action(session) -> Done:
        from models.clock import at

        session.add(Appointment(worker_id=_worker_id(database, "AV"), kind="administratie",
                                start=at(MONDAY, 7, 0), end=at(MONDAY, 7, 30)))
        session.flush()
        raise ValidationFailed("nee", field="x")

    with database.session() as session:
        before = len(session.exec(select(Appointment.id)).all())
    with pytest.raises(ValidationFailed):
        perform(database, Actor("AV"), action)
    with database.session() as session:
        assert len(session.exec(select(Appointment.id)).all()) == before


def test_undo_of_an_edit_restores_the_fields_and_is_audited(database):
    from models.planning.write import set_status

    done = _new_appointment(database)
    with database.session() as session:
        version = session.get(Appointment, done.id).version
    changed = perform(database, Actor("AV"),
                      lambda s: Done("Gedaan", ids=(done.id,), value=set_status(s, done.id, version, "done")))
    perform(database, Actor("AV"), undo, changed.undo, undoable=False)
    with database.session() as session:
        row = session.get(Appointment, done.id)
        assert row.status == "planned" and row.version == version + 2  # undone, never rewound
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "appointment",
                                                        AuditEntry.entity_id == str(done.id))).all()
        assert len(entries) >= 3


def test_undo_refuses_naming_the_colleague_who_changed_the_row_since(database):
    from models.planning.write import set_status

    done = _new_appointment(database)
    with database.session() as session:
        version = session.get(Appointment, done.id).version
    perform(database, Actor("JB"), lambda s: Done(value=set_status(s, done.id, version, "done")))
    with pytest.raises(ConcurrentEdit) as refused:
        perform(database, Actor("AV"), undo, done.undo, undoable=False)
    assert "JB" in str(refused.value) and "terugdraaien" in str(refused.value)
    with database.session() as session:
        assert session.get(Appointment, done.id) is not None


def test_two_undos_in_a_row_are_not_mistaken_for_a_colleague(database):
    """Regression (issue 13): after undoing an edit, undoing the change before it said a colleague
    had changed the row, because the version counter moved. Undo compares content, not versions."""
    from models.planning.write import set_status

    done = _new_appointment(database)
    with database.session() as session:
        version = session.get(Appointment, done.id).version
    edit = perform(database, Actor("AV"), lambda s: Done("Gedaan", value=set_status(s, done.id, version, "done")))
    perform(database, Actor("AV"), undo, edit.undo, undoable=False)
    perform(database, Actor("AV"), undo, done.undo, undoable=False)
    with database.session() as session:
        assert session.get(Appointment, done.id) is None


def test_undo_refuses_in_dutch_when_something_new_took_the_place_of_what_would_come_back(database):
    """A Top-3 version replaced the draft it was typed in; a new draft started since takes the
    place the old draft would come back to. Undo says so and changes nothing."""
    from models.actions.top3 import keep_top3_draft, save_top3_version
    from models.top3.queries import current_plan
    from tests.test_top3_caseload_merge_undo import client_with_a_full_plan

    client_id, _code = client_with_a_full_plan(database)
    with database.session() as session:
        plan = current_plan(session, client_id)
    perform(database, Actor("AV"), keep_top3_draft, client_id, plan.content, None, undoable=False)
    saved = perform(database, Actor("AV"), save_top3_version, plan.content, plan.number, client_id=client_id,
                    author_id=None)
    perform(database, Actor("AV"), keep_top3_draft, client_id, plan.content, None, undoable=False)
    with pytest.raises(ConcurrentEdit) as refused:
        perform(database, Actor("AV"), undo, saved.undo, undoable=False)
    assert "iets nieuws" in str(refused.value)
    with database.session() as session:
        assert current_plan(session, client_id).number == saved.value  # nothing changed
