"""Undo from the rows themselves: every action's changes are captured as "row before / row after".

Why capture instead of each action describing its own undo: then every change — a status step,
an action marked done, an agenda edit, a handover, a Top-3 version, a caseload move — can be
undone the same way, and no action can forget to. `ChangeRecorder` listens to the flushes of one
session: before a persistent row is first updated or deleted it reads the row as the database
has it; rows inserted are remembered by key. At the end of the action it reads every touched row
again (the "after"). Undo checks that each row still looks like its "after" (ignoring the version
counter) and puts the "before" back through the ORM, so the undo is versioned and audited like
any other change. It refuses — naming who — only when a colleague really changed a row since.

Rows of the audit log (append-only), the change counters and form drafts are never captured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from models.actions.done import Done

NOT_UNDONE = frozenset({"audit_entry", "change_counter", "form_draft", "alembic_version"})
# Bookkeeping columns that run on their own (the meeting clock writes them every few seconds):
# neither compared (they would make every undo of an outcome refuse) nor wound back by an undo.
BOOKKEEPING = {"agenda_item": frozenset({"seconds_used", "started_at"})}
RECORDER_KEY = "teambord.change_recorder"
Row = tuple[tuple[str, Any], ...]  # column name → value, frozen


@dataclass(frozen=True)
class RowChange:
    table: str
    key: tuple[Any, ...]
    before: Row | None  # None: the action inserted it
    after: Row | None  # None: the action deleted it

    @property
    def entity_id(self) -> Any:
        return self.key[0] if len(self.key) == 1 else ",".join(map(str, self.key))


@dataclass(frozen=True)
class UndoRecord:
    description: str
    rows: tuple[RowChange, ...]


@dataclass
class ChangeRecorder:
    before: dict[tuple[str, tuple], Row] = field(default_factory=dict)
    created: set[tuple[str, tuple]] = field(default_factory=set)
    order: list[tuple[str, tuple]] = field(default_factory=list)

    @classmethod
    def attach(cls, session: Session) -> ChangeRecorder:
        recorder = cls()
        session.info[RECORDER_KEY] = recorder
        return recorder

    def detach(self, session: Session) -> None:
        session.info.pop(RECORDER_KEY, None)

    def finish(self, session: Session, description: str) -> UndoRecord | None:
        rows = []
        for table, key in self.order:
            before = self.before.get((table, key))
            after = _read_row(session, table, key)
            if before is None and after is None:  # inserted and deleted again in this action
                continue
            if before is not None and after is not None and _content(before, table) == _content(after, table):
                continue
            rows.append(RowChange(table, key, before, after))
        return UndoRecord(description, tuple(rows)) if rows else None

    def _touch(self, table: str, key: tuple) -> bool:
        if (table, key) in self.before or (table, key) in self.created:
            return False
        self.order.append((table, key))
        return True


@event.listens_for(OrmSession, "before_flush")
def _capture_before(session, flush_context, instances) -> None:
    recorder: ChangeRecorder | None = session.info.get(RECORDER_KEY)
    if recorder is None:
        return
    for obj in (*session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        state = inspect(obj)
        if table in NOT_UNDONE or table is None or state.key is None:
            continue
        key = tuple(state.key[1])
        if recorder._touch(table, key):
            row = _read_row(session, table, key)
            if row is not None:
                recorder.before[(table, key)] = row


@event.listens_for(OrmSession, "after_flush")
def _capture_inserts(session, flush_context) -> None:
    recorder: ChangeRecorder | None = session.info.get(RECORDER_KEY)
    if recorder is None:
        return
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table in NOT_UNDONE or table is None:
            continue
        key = tuple(inspect(obj).mapper.primary_key_from_instance(obj))
        if recorder._touch(table, key):
            recorder.created.add((table, key))


# --- undoing -------------------------------------------------------------------------------------


def undo(session: Session, record: UndoRecord) -> Done:
    """Put every row of `record` back as it was before. Flushes, never commits (see the package)."""
    for change in record.rows:
        now = _read_row(session, change.table, change.key)
        if _content(now, change.table) != _content(change.after, change.table):
            from models.conflicts import concurrent_edit

            raise concurrent_edit(session, change.table, change.entity_id, "Wat u wilt terugdraaien",
                                  advice="Ongedaan maken kan daarom niet meer.")
    from sqlalchemy.exc import IntegrityError

    try:
        _put_back(session, record)
    except IntegrityError:
        # Something new took the place of what would come back (a new Top-3 draft where the old
        # one was, a code given out again): nothing is changed, and the user is told in Dutch.
        from models.errors import ConcurrentEdit

        raise ConcurrentEdit("Ongedaan maken kan niet meer: er is intussen iets nieuws op dezelfde plek opgeslagen "
                             "(bijvoorbeeld een nieuw concept). Er is niets veranderd.") from None
    return Done(message=f"Ongedaan gemaakt: {record.description}", ids=tuple(
        c.key[0] for c in record.rows if len(c.key) == 1 and isinstance(c.key[0], int)))


def _put_back(session: Session, record: UndoRecord) -> None:
    inserted = [c for c in record.rows if c.before is None]
    updated = [c for c in record.rows if c.before is not None and c.after is not None]
    deleted = [c for c in record.rows if c.after is None]
    # The reverse of the action: rows it deleted come back first (parents first), then the rows it
    # changed (which drops their references to rows it added, e.g. a registration's new client),
    # and only then go the rows it added (children first).
    for change in reversed(deleted):
        session.add(_model(change.table)(**dict(change.before)))
        session.flush()
    for change in updated:
        row = session.get(_model(change.table), _ident(change.key))
        for name, value in _content(change.before, change.table).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    session.flush()
    for change in reversed(inserted):
        session.delete(session.get(_model(change.table), _ident(change.key)))
        session.flush()


# --- rows as the database has them -----------------------------------------------------------------


def _model(table: str) -> type:
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise LookupError(table)


def _ident(key: tuple) -> Any:
    return key[0] if len(key) == 1 else key


def _read_row(session: Session, table: str, key: tuple) -> Row | None:
    """The row as stored now (flushed changes of this transaction included), through Core, so the
    values have the same types as a later load whatever was assigned in Python."""
    model = _model(table)
    columns = model.__table__.c
    primary = list(model.__table__.primary_key.columns)
    query = select(*columns).where(*(column == value for column, value in zip(primary, key, strict=True)))
    found = session.connection().execute(query).mappings().first()
    return tuple(found.items()) if found is not None else None


def _content(row: Row | None, table: str) -> dict[str, Any] | None:
    """A row without its primary key, version counter and bookkeeping: what a person would call
    its content."""
    if row is None:
        return None
    skipped = BOOKKEEPING.get(table, frozenset()) | {"id", "version"}
    return {name: value for name, value in row if name not in skipped}
