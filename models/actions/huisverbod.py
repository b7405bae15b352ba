"""The huisverbod's changes after allocation: extend it, end it early, record a breach.

Every change is an action for `models.actions.perform`: (session, …) → Done; it flushes and never
commits. The rules are models/client/huisverbod.py's. An extension and an early end change the
client row and are based on the client's version the form was opened (or merged) with: a colleague's
change since is refused with their name (ConcurrentEdit). A breach only adds a row, so it needs no
version. Undo comes from the captured rows (the event goes, the client's end date comes back), and
the audit log from the flush listener, like every other change.

The form's data is a plain dict (screens/client/huisverbod_form.py `collect()`):
{"kind": HuisverbodEventKind value, "day": date | None, "note": str}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.actions.unit import Done
from models.enums import HuisverbodEventKind
from models.errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class HuisverbodForm:
    """What the huisverbod form opens with: the order as it is now, and the version a change is based on."""

    client_id: int
    code: str
    initials: str
    version: int
    start: date
    end: date
    latest_end: date  # start + 28: the furthest an extension may go
    state: tuple[str, ...]  # "verlengd t/m 12-12", "overtreden op 3-12"
    ended_on: date | None  # ended early: extending is no longer possible


def huisverbod_for_form(session, client_id: int) -> HuisverbodForm | None:
    """The client's order for the form; None when the client is gone or has no huisverbod."""
    from models.client.huisverbod import ended_on, huisverbod_history, latest_end, state_words
    from models.tables.clients import Client
    from models.waitlist.write import huisverbod_end_for

    client = session.get(Client, client_id)
    if client is None or client.huisverbod_start is None:
        return None
    start = client.huisverbod_start
    return HuisverbodForm(
        client_id=client.id, code=client.code, initials=client.initials, version=client.version, start=start,
        end=huisverbod_end_for(start, client.huisverbod_end), latest_end=latest_end(start),
        state=state_words(huisverbod_history(session, client_id), start), ended_on=ended_on(session, client_id, start),
    )


def change_huisverbod(session, data: dict[str, Any], version: int | None, *, client_id: int) -> Done:
    """The form's save: one of extend, end, breach, by `data["kind"]`."""
    kind = data.get("kind")
    if kind == HuisverbodEventKind.VERLENGD:
        return extend_huisverbod(session, client_id, version, data.get("day"), data.get("note", ""))
    if kind == HuisverbodEventKind.BEEINDIGD:
        return end_huisverbod(session, client_id, version, data.get("day"), data.get("note", ""))
    if kind == HuisverbodEventKind.OVERTREDEN:
        return record_breach(session, client_id, data.get("day"), data.get("note", ""))
    from models.client.huisverbod import FIELD_KIND

    raise ValidationFailed("Kies wat er met het huisverbod gebeurde: verlengd, beëindigd of overtreden.",
                           field=FIELD_KIND)


def extend_huisverbod(session, client_id: int, version: int | None, new_end: date | None, note: str = "") -> Done:
    from models.client.huisverbod import record_extension
    from models.dutch import short_date

    event_id = record_extension(session, client_id, _version(version), new_end, note)
    return Done(f"Huisverbod van {_code(session, client_id)} verlengd t/m {short_date(new_end)}",
                ids=(client_id, event_id))


def end_huisverbod(session, client_id: int, version: int | None, day: date | None, note: str = "") -> Done:
    from models.client.huisverbod import record_end
    from models.dutch import short_date

    event_id = record_end(session, client_id, _version(version), day, note)
    return Done(f"Huisverbod van {_code(session, client_id)} beëindigd op {short_date(day)}",
                ids=(client_id, event_id))


def record_breach(session, client_id: int, day: date | None, note: str) -> Done:
    from models.client.huisverbod import record_breach as record
    from models.dutch import short_date

    event_id = record(session, client_id, day, note)
    return Done(f"Overtreding van het huisverbod van {_code(session, client_id)} vastgelegd ({short_date(day)})",
                ids=(client_id, event_id))


def stored_huisverbod(session, client_id: int) -> tuple[int, HuisverbodForm]:
    """The order as stored now, with the client's version: what the form merges in after a refusal (Ctrl+L)."""
    found = huisverbod_for_form(session, client_id)
    if found is None:
        raise NotFound("Deze cliënt heeft intussen geen huisverbod meer (of bestaat niet meer).")
    return found.version, found


def _version(version: int | None) -> int:
    if version is None:  # the form always opens with one; a missing version must never mean "overwrite"
        raise ValidationFailed("Open het huisverbod opnieuw: de versie van de cliënt ontbreekt.")
    return version


def _code(session, client_id: int) -> str:
    """Messages name a client by code (the pseudonym), never by initials."""
    from models.tables.clients import Client

    client = session.get(Client, client_id)
    return client.code if client is not None else "cliënt"
