"""Overleg's changes: the agenda, the meeting's roles, meeting mode (minutes, clock, the end),
action items and the minutes export.

Every write is an action for `models.actions.perform`: (session, …) → Done; the models/ functions
below change rows and flush, perform() commits, and undo comes from the captured rows. A form's
action gets `(session, data, version)` (screens/form.Edit) with the record's id bound.

The meeting clock (when an item was reached, the seconds it used) is bookkeeping the runner writes
with `undoable=False`: Ctrl+Z takes back what people decided, never the passing of time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.actions.unit import Done
from models.errors import DomainError
from models.plain_text import short_list

if TYPE_CHECKING:
    from models.overleg.views import ActionInput, ItemInput, MeetingInfo

WHAT_WIDTH = 40  # an action's text in the message (and in the footer's "Ctrl+Z …" line)
MINUTES_FIELDS = ("notes", "outcome", "outcome_kind", "discussed")  # what meeting mode records per item
FIELD_WORDS = {"notes": "aantekeningen", "outcome": "uitkomst", "outcome_kind": "advies/besluit"}


# --- the agenda ------------------------------------------------------------------------------------


def add_item(session, data: ItemInput, _version: int | None = None, *, meeting_id: int | None,
             reason: str = "") -> Done:
    """A new item at the end of the agenda (the next meeting, planned now, when `meeting_id` is None)."""
    from models.overleg.write import add_agenda_item

    item = add_agenda_item(session, meeting_id, data)
    return Done(f"Op de agenda: {reason}" if reason else "Punt op de agenda gezet", ids=(item.id,))


def edit_item(session, data: ItemInput, version: int | None, *, item_id: int) -> Done:
    from models.overleg.write import update_agenda_item

    update_agenda_item(session, item_id, version, data)
    return Done("Agendapunt gewijzigd", ids=(item_id,))


def load_item(session, item_id: int) -> tuple[int, ItemInput]:
    """The stored item and its version: the base of a merge after a colleague's save."""
    from models.overleg.write import stored_item

    return stored_item(session, item_id)


def remove_item(session, item_id: int, version: int) -> Done:
    from models.overleg.write import remove_agenda_item

    remove_agenda_item(session, item_id, version)
    return Done("Punt van de agenda gehaald", ids=(item_id,))


def move_item(session, item_id: int, step: int) -> Done:
    from models.overleg.write import move_agenda_item

    move_agenda_item(session, item_id, step)
    return Done("Punt omhoog gezet" if step < 0 else "Punt omlaag gezet", ids=(item_id,))


def add_fixed_items(session, meeting_id: int | None) -> Done:
    """The fixed items missing from the agenda (the next meeting, planned now, when there is none)."""
    from models.clock import today
    from models.overleg.write import add_fixed_items as add_missing, ensure_meeting

    meeting_id = meeting_id or ensure_meeting(session, today()).id
    if not add_missing(session, meeting_id):
        raise DomainError("De vaste punten staan al op de agenda.")
    return Done("Vaste punten toegevoegd", ids=(meeting_id,))


# --- the meeting's roles ------------------------------------------------------------------------


def edit_roles(session, data: Any, version: int | None, *, meeting_id: int) -> Done:
    """Chair, minute taker, who is present, duration (`data`: the roles form's MeetingInput)."""
    from models.overleg.write import update_meeting

    update_meeting(session, meeting_id, version, chair_id=data.chair_id, minute_taker_id=data.minute_taker_id,
                   present=data.present, duration_min=data.duration_min)
    return Done("Overleg ingesteld", ids=(meeting_id,))


def load_meeting(session, meeting_id: int) -> tuple[int, MeetingInfo]:
    from models.errors import NotFound
    from models.tables.overleg import Meeting
    from models.overleg.queries import meeting_info

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Dit overleg bestaat niet meer.")
    return meeting.version, meeting_info(session, meeting)


# --- meeting mode ------------------------------------------------------------------------------------


def minutes_draft_key(item_id: int) -> str:
    """What meeting mode files an item's not yet saved minutes under (models/drafts.py)."""
    return f"meeting-item:{item_id}"


def open_meeting(session, meeting_id: int) -> Done:
    """Start (or resume) a meeting. `value`: (MeetingModeView, {item id: (saved_at, draft)}) — the
    minutes a closed or killed meeting mode kept as a draft and never saved; drafts that say what is
    stored already are removed."""
    from models.actions.drafts import discard, find
    from models.overleg.write import start_meeting
    from models.overleg.queries import meeting_mode_view

    start_meeting(session, meeting_id)
    view = meeting_mode_view(session, meeting_id)
    drafts = {}
    for item in view.items:
        draft = find(session, minutes_draft_key(item.id))
        if draft is None:
            continue
        if draft.fields.get("mine") == stored_minutes(item):
            discard(session, minutes_draft_key(item.id))
        else:
            drafts[item.id] = (draft.saved_at, draft.fields)
    return Done(ids=(meeting_id,), value=(view, drafts))


def stored_minutes(item) -> dict[str, Any]:
    """An item's minutes (an ItemView or an AgendaItem) as meeting mode keeps them."""
    return {name: getattr(item, name) for name in MINUTES_FIELDS}


def save_minutes(session, data: dict[str, Any], version: int, *, item_id: int, number: int) -> Done:
    """The fields of `data` (those the user changed) for one item. `value`: the item's new version."""
    from models.overleg.write import save_minutes as save

    new_version = save(session, item_id, version, **data)
    words = [FIELD_WORDS[name] for name in MINUTES_FIELDS if name in data and name in FIELD_WORDS]
    if words:
        message = f"Punt {number}: {', '.join(words)} opgeslagen"
    else:
        message = f"Punt {number} {'besproken' if data.get('discussed') else 'niet besproken'}"
    return Done(message, ids=(item_id,), value=new_version)


def load_minutes(session, item_ids: tuple[int, ...]) -> dict[int, tuple[int, dict[str, Any]]]:
    """The items' minutes as stored now, with their versions: the base of a merge (Ctrl+L)."""
    from models.errors import NotFound
    from models.tables.overleg import AgendaItem

    stored = {}
    for item_id in item_ids:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFound("Dit agendapunt bestaat niet meer.")
        stored[item_id] = (item.version, stored_minutes(item))
    return stored


def save_on_close(session, unsaved: tuple[tuple[int, int, dict, dict], ...], seconds: dict[int, int],
                  title: str) -> Done:
    """What meeting mode still holds when the app closes mid-meeting: the clock, and per item
    (id, version, base, mine) its minutes — saved, or, when a colleague changed the item since
    (or the text is refused), kept as a draft that meeting mode offers again when it reopens."""
    from models.actions.drafts import discard, keep
    from models.overleg.write import record_seconds as record, save_minutes as save

    record(session, seconds)
    for item_id, version, base, mine in unsaved:
        try:
            with session.begin_nested():  # a refused item leaves the others (and the clock) saved
                save(session, item_id, version, **{k: v for k, v in mine.items() if base.get(k) != v})
        except DomainError:
            keep(session, minutes_draft_key(item_id), {"version": version, "base": base, "mine": mine}, title)
        else:
            discard(session, minutes_draft_key(item_id))
    return Done()


def reach_item(session, item_id: int) -> Done:
    from models.overleg.write import reach_item as reach

    reach(session, item_id)
    return Done()


def record_seconds(session, seconds: dict[int, int]) -> Done:
    from models.overleg.write import record_seconds as record

    record(session, seconds)
    return Done()


def end_meeting(session, meeting_id: int) -> Done:
    """Finish the meeting; what was not discussed moves to the next one. `value`: how many moved."""
    from models.overleg.write import end_meeting as finish

    following_id, moved = finish(session, meeting_id)
    return Done(f"Overleg afgerond, {moved} punt(en) doorgeschoven", ids=(meeting_id, following_id), value=moved)


# --- action items ----------------------------------------------------------------------------------


def add_action(session, data: ActionInput, _version: int | None = None, *, item_id: int) -> Done:
    from models.overleg.write import add_action as add

    action = add(session, item_id, data)
    return Done(f"Actie toegevoegd: {short_list([action.what], width=WHAT_WIDTH)}", ids=(action.id,))


def mark_action_done(session, action_id: int, version: int) -> Done:
    from models.overleg.write import mark_action_done as mark_done

    action = mark_done(session, action_id, version)
    return Done(f"Actie gedaan: {short_list([action.what], width=WHAT_WIDTH)}", ids=(action_id,))


# --- the minutes, past discussions ------------------------------------------------------------------


def export_minutes(session, meeting_id: int, path: Path) -> Done:
    """The masked minutes as Markdown at `path`, one EXPORT audit entry per client mentioned."""
    from models.overleg.minutes import export_minutes as export

    try:
        export(session, meeting_id, path, names=False)
    except OSError:
        raise DomainError(f"Het verslag kon niet worden geschreven naar {path}.") from None
    return Done(f"Verslag (gemaskeerd) geschreven: {path}", ids=(meeting_id,))


def client_discussions(session, client_id: int) -> tuple[str | None, list]:
    """Every time the team discussed a client (a read of client data: the runner audits it)."""
    from models.audit import client_code_of, record
    from models.enums import AuditAction
    from models.overleg.queries import client_discussions as discussions

    code = client_code_of(session, client_id)
    record(session, AuditAction.READ, "client", code, entity_id=client_id, detail="besprekingen overleg")
    return code, discussions(session, client_id)
