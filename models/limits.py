"""How much text a field holds, and text cleaned of invisible control characters — for every write.

Why here, once: a 100,000-character reason must be refused with "te lang, ten hoogste N tekens"
at whatever door it comes in (a form, the command line, a future import), not end as a database
error that PostgreSQL words as "value too long" (and SQLite silently stores). The limits are the
column lengths the tables already declare, so a form can show a counter from the same number.

Control characters (a pasted ANSI colour code, a NUL byte PostgreSQL refuses, a bell) are never
meant as content: they are removed before a flush, keeping newlines and tabs. Bidi and emoji are
ordinary text and stay.

A `before_flush` listener applies both to every new or changed row: an over-long value raises
ValidationFailed before anything is written, so nothing is saved half.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlmodel import Session

from models.errors import ValidationFailed
from models.plain_text import clean_text, dutch_number, too_long  # noqa: F401 - the forms import them here

# Column names as the forms call them, for a refusal that did not come from a form's own check.
LABELS = {
    "note": "Notitie", "what": "Wat", "question": "Vraag", "notes": "Aantekeningen", "outcome": "Uitkomst",
    "reason": "Reden", "referrer_contact": "Contactpersoon", "melding_note": "Toelichting melding",
    "situatie": "Situatie", "achtergrond": "Achtergrond", "beoordeling": "Beoordeling",
    "aanbeveling": "Aanbeveling", "ack_remark": "Terugkoppeling", "description": "Beschrijving",
    "family_members": "Gezinsleden", "risk_factors": "Risicofactoren", "who": "Wie", "checked_by": "Gecontroleerd door",
    "consequence": "Consequentie", "made_with": "Gemaakt met", "partner": "Partner", "place": "Plaats",
    "end_reason": "Reden van afsluiten", "initials": "Initialen", "name": "Naam",
}


def column_limit(model: type, column: str) -> int | None:
    """The declared maximum length of a text column (None: unlimited or not text)."""
    return _length(model.__table__.c[column].type)


def _length(column_type) -> int | None:
    # SQLModel's AutoString is a TypeDecorator around String: ask for the length, not the class.
    length = getattr(column_type, "length", None)
    return length if isinstance(length, int) else None


def check_row_texts(obj: object) -> None:
    """Clean the text columns of one row and refuse any that is over its limit."""
    mapper = inspect(obj).mapper
    for column in mapper.columns:
        key = mapper.get_property_by_column(column).key
        value = getattr(obj, key, None)
        if not isinstance(value, str):
            continue
        cleaned = clean_text(value)
        if cleaned != value:
            setattr(obj, key, cleaned)
        problem = too_long(cleaned, _length(column.type), LABELS.get(column.name, ""))
        if problem:
            raise ValidationFailed(problem, field=column.name)


@event.listens_for(Session, "before_flush")
def _clean_and_limit_texts(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        check_row_texts(obj)
