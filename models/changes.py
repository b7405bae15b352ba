"""A cheap change counter per table, for live refresh on SQLite and PostgreSQL alike.

Every flush that writes a table bumps that table's counter in the same transaction. An app polls
the counters every few seconds (one tiny SELECT); when a number moved, something changed and the
visible section reloads. This works on both databases, needs no server push, and costs one row
update per written table per transaction.
"""

from __future__ import annotations

from sqlalchemy import event, insert, select, update
from sqlmodel import Field, Session, SQLModel


class ChangeCounter(SQLModel, table=True):
    __tablename__ = "change_counter"

    table_name: str = Field(primary_key=True, max_length=40)
    value: int = Field(default=0)


TRACKED_KEY = "teambord.changed_tables"
NEWS_KEY = "teambord.news"  # set on a session that changed data others see (not only audit or drafts)


@event.listens_for(Session, "before_flush")
def _remember_changed_tables(session: Session, flush_context, instances) -> None:
    tables = {
        obj.__tablename__
        for obj in (*session.new, *session.dirty, *session.deleted)
        if getattr(obj, "__tablename__", None) not in (None, "change_counter", "audit_entry", "form_draft")
    }
    if tables:
        session.info.setdefault(TRACKED_KEY, set()).update(tables)


@event.listens_for(Session, "after_flush")
def _bump_counters(session: Session, flush_context) -> None:
    tables = session.info.pop(TRACKED_KEY, set())
    if not tables:
        return
    session.info[NEWS_KEY] = True
    connection = session.connection()
    counter = ChangeCounter.__table__
    for name in sorted(tables):  # a fixed order keeps concurrent writers from deadlocking
        result = connection.execute(
            update(counter).where(counter.c.table_name == name).values(value=counter.c.value + 1))
        if result.rowcount == 0:
            connection.execute(insert(counter).values(table_name=name, value=1))


def change_stamp(session: Session) -> tuple[tuple[str, int], ...]:
    """The current counters: compare two stamps to know whether anything changed in between."""
    counter = ChangeCounter.__table__
    return tuple(session.exec(select(counter.c.table_name, counter.c.value).order_by(counter.c.table_name)).all())
