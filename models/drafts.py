"""Form drafts: what a worker typed in a form and has not saved yet, kept through anything.

A form writes its fields here in the background while the user types (debounced, screens/common/form.py),
so Ctrl+Q, a failing save, a dead laptop battery or `kill -9` lose at most the last second of
typing. Reopening the same form offers "verder met het concept". A successful save removes the
draft in the same transaction (models/actions/drafts.py).

Why in the database and not a file: the drafts hold the same client data as the records, so they
belong where the records are protected (one place to secure, back up and purge). They are not
audited (a record per debounced keystroke would bury the audit log; a draft changes no client
record), not counted for live refresh (colleagues' screens need not reload for it), and never
captured for undo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from models.clock import utcnow

KEY_LIMIT = 80


class FormDraft(SQLModel, table=True):
    __tablename__ = "form_draft"
    __table_args__ = (UniqueConstraint("worker_code", "form_key"),)

    id: int | None = Field(default=None, primary_key=True)
    worker_code: str = Field(max_length=10, index=True)
    form_key: str = Field(max_length=KEY_LIMIT)
    title: str = Field(default="", max_length=120)
    fields: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    saved_at: datetime


@dataclass(frozen=True)
class Draft:
    form_key: str
    title: str
    fields: dict[str, Any]
    saved_at: datetime


def keep_draft(session: Session, worker_code: str, form_key: str, fields: dict[str, Any], title: str = "") -> None:
    row = _row(session, worker_code, form_key)
    if row is None:
        row = FormDraft(worker_code=worker_code, form_key=form_key[:KEY_LIMIT], saved_at=utcnow())
        session.add(row)
    row.fields = json.dumps(fields, ensure_ascii=False, default=str)
    row.title = title[:120]
    row.saved_at = utcnow()
    session.flush()


def find_draft(session: Session, worker_code: str, form_key: str) -> Draft | None:
    row = _row(session, worker_code, form_key)
    return _dto(row) if row is not None else None


def my_drafts(session: Session, worker_code: str) -> list[Draft]:
    rows = session.exec(select(FormDraft).where(FormDraft.worker_code == worker_code)
                        .order_by(FormDraft.saved_at.desc())).all()
    return [_dto(row) for row in rows]


def discard_draft(session: Session, worker_code: str, form_key: str) -> None:
    row = _row(session, worker_code, form_key)
    if row is not None:
        session.delete(row)
        session.flush()


def _row(session: Session, worker_code: str, form_key: str) -> FormDraft | None:
    return session.exec(select(FormDraft).where(FormDraft.worker_code == worker_code,
                                                FormDraft.form_key == form_key[:KEY_LIMIT])).first()


def _dto(row: FormDraft) -> Draft:
    try:
        fields = json.loads(row.fields)
    except ValueError:
        fields = {}
    return Draft(row.form_key, row.title, fields if isinstance(fields, dict) else {}, row.saved_at)
