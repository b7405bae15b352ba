"""Writes to a client's Top-3: the autosaved draft, saving a new version, and the merge after a refusal.

A revision never changes an old version: saving adds a Top3Plan row with the next number and its
own situations and agreements. Each client has at most one draft (is_draft=True, number 0, so the
unique (client_id, number) constraint also guarantees "one draft per client"); it is updated in
place as the worker types and removed when the version is saved.

Optimistic locking: the editor remembers which version it started from (`base_number`). If a
colleague saved a newer version meanwhile, `save_version` refuses with ConcurrentEdit and writes
nothing; the editor keeps what was typed and keeps its base, so saving again is refused again
until the user merged the colleague's version in (`merge_plan`, Ctrl+L in the editor).

These functions flush and never commit (models/actions/top3.py runs them through `perform()`).
Audit entries follow from models.audit's flush listener.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.tables.clients import Client
from models.clock import today as clock_today
from models.clock import utcnow
from models.errors import ConcurrentEdit, NotFound
from models.top3.queries import DRAFT_NUMBER, newest_number
from models.tables.top3 import SafetyAgreement, Top3Plan, UnsafeSituation
from models.top3.diff import Agreement, PlanContent, Situation, compare_plans, validate_plan
from models.tables.workers import Worker


def save_version(session: Session, client_id: int, content: PlanContent, *, base_number: int,
                 author_id: int | None, today: date | None = None) -> int:
    """Save `content` as the client's next version and drop the draft; returns the new number.

    Raises ValidationFailed (nothing written) for bad input and ConcurrentEdit when version
    `base_number` is no longer the newest.
    """
    content = validate_plan(content, today or clock_today())
    if session.get(Client, client_id) is None:
        raise NotFound("Deze cliënt bestaat niet meer.")
    newest = newest_number(session, client_id)
    if newest != base_number:
        raise _conflict(session, client_id, newest)
    plan = Top3Plan(client_id=client_id, number=newest + 1, made_with=content.made_with.strip(),
                    phase=content.phase, evaluate_on=content.evaluate_on, author_id=author_id,
                    created_at=utcnow(), is_draft=False)
    session.add(plan)
    try:
        session.flush()
    except IntegrityError:  # a colleague's save of the same number won the race (PostgreSQL)
        # The failed flush leaves nothing to read who it was with; perform() drops the transaction.
        raise ConcurrentEdit(f"Intussen is versie {newest + 1} van deze Top-3 opgeslagen door een collega. Er is "
                             "niets opgeslagen.") from None
    _replace_parts(session, plan.id, content)
    draft = _draft_row(session, client_id)
    if draft is not None and draft.author_id in (author_id, None):  # a colleague's draft stays theirs
        _delete_draft(session, draft)
    session.flush()
    return plan.number


def save_draft(session: Session, client_id: int, content: PlanContent, *, author_id: int | None) -> None:
    """Store what is in the editor now, unvalidated: half-typed input survives closing the app."""
    draft = _draft_row(session, client_id)
    if draft is None:
        if session.get(Client, client_id) is None:
            raise NotFound("Deze cliënt bestaat niet meer.")
        draft = Top3Plan(client_id=client_id, number=DRAFT_NUMBER, is_draft=True, created_at=utcnow())
        session.add(draft)
    for name, value in (("made_with", content.made_with), ("phase", content.phase),
                        ("evaluate_on", content.evaluate_on), ("author_id", author_id)):
        if getattr(draft, name) != value:
            setattr(draft, name, value)
    if draft.id is not None:
        draft.created_at = utcnow()  # of a draft: when it was last saved
    session.flush()
    _replace_parts(session, draft.id, content)
    session.flush()


def discard_draft(session: Session, client_id: int) -> bool:
    draft = _draft_row(session, client_id)
    if draft is None:
        return False
    _delete_draft(session, draft)
    session.flush()
    return True


def _draft_row(session: Session, client_id: int) -> Top3Plan | None:
    return session.exec(
        select(Top3Plan).where(Top3Plan.client_id == client_id, Top3Plan.is_draft == True)  # noqa: E712
    ).first()


def _delete_draft(session: Session, draft: Top3Plan) -> None:
    for row in _parts(session, UnsafeSituation, draft.id) + _parts(session, SafetyAgreement, draft.id):
        session.delete(row)
    session.flush()
    session.delete(draft)


def _parts(session: Session, table, plan_id: int) -> list:
    return list(session.exec(select(table).where(table.plan_id == plan_id).order_by(table.id)))


def _replace_parts(session: Session, plan_id: int, content: PlanContent) -> None:
    """Make the plan's rows match `content`, updating rows in place (so an autosave that changed
    one field logs one change, not a delete and a create of every row)."""
    situations = _parts(session, UnsafeSituation, plan_id)
    for rank, situation in enumerate(content.situations, start=1):
        values = {"rank": rank, "description": situation.description, "family_members": situation.family_members,
                  "last_occurrence": situation.last_occurrence, "risk_factors": situation.risk_factors}
        if rank <= len(situations):
            _assign(situations[rank - 1], values)
        else:
            session.add(UnsafeSituation(plan_id=plan_id, **values))
    for row in situations[len(content.situations):]:
        session.delete(row)
    agreements = _parts(session, SafetyAgreement, plan_id)
    for position, agreement in enumerate(content.agreements):
        values = {"position": position, "who": agreement.who, "what": agreement.what, "until": agreement.until,
                  "checked_by": agreement.checked_by, "consequence": agreement.consequence,
                  "status": agreement.status}
        if position < len(agreements):
            _assign(agreements[position], values)
        else:
            session.add(SafetyAgreement(plan_id=plan_id, **values))
    for row in agreements[len(content.agreements):]:
        session.delete(row)


def _assign(row, values: dict) -> None:
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _conflict(session: Session, client_id: int, newest: int) -> ConcurrentEdit:
    author = session.exec(
        select(Worker.code).join(Top3Plan, Top3Plan.author_id == Worker.id)
        .where(Top3Plan.client_id == client_id, Top3Plan.number == newest)
    ).first()
    by = f" door {author}" if author else ""
    return ConcurrentEdit(f"Intussen is versie {newest} van deze Top-3 opgeslagen{by}. Er is niets opgeslagen.",
                          changed_by=author)


# --- merging a colleague's newer version into the editor (Ctrl+L after a refusal) ------------------

Row = TypeVar("Row", Situation, Agreement)
Origins = tuple[int | None, ...]  # per editor row: the index of the stored row it started as (None: new)

BOTH = "both"  # both changed this row: this user's stays, the colleague's is shown with it
THEY_REMOVED = "they-removed"  # the colleague removed a row this user changed: this user's stays
YOU_REMOVED = "you-removed"  # this user removed a row the colleague changed: the colleague's is back
PLAN_FIELDS = ("made_with", "phase", "evaluate_on")


@dataclass(frozen=True)
class MergedRow(Generic[Row]):
    value: Row  # what the editor shows now
    origin: int | None  # its index in the colleague's version, the editor's new base (None: only here)
    source: int | None = None  # the editor row whose input this is, kept as typed (None: the colleague's)
    theirs: Row | None = None  # the colleague's row, shown with this user's (BOTH)
    kind: str = ""  # "", BOTH, THEY_REMOVED or YOU_REMOVED


@dataclass(frozen=True)
class PlanMerge:
    situations: tuple[MergedRow[Situation], ...]
    agreements: tuple[MergedRow[Agreement], ...]
    fields: dict[str, object]  # made_with / phase / evaluate_on as the editor shows them now
    differing_fields: dict[str, object]  # those both changed: the colleague's value, shown with this user's
    taken: int  # rows and fields taken over from the colleague
    differing: int  # rows and fields where this user's input stays, with the colleague's shown

    @property
    def content(self) -> PlanContent:
        return PlanContent(tuple(r.value for r in self.situations), tuple(r.value for r in self.agreements),
                           **self.fields)  # type: ignore[arg-type]


def merge_plan(base: PlanContent, mine: PlanContent, origins: tuple[Origins, Origins],
               theirs: PlanContent) -> PlanMerge:
    """Three-way merge, row by row: `base` is the version this user started from, `mine` what is in
    the editor (with `origins`: which base row each editor row started as), `theirs` the colleague's
    newer version.

    A row this user left alone takes the colleague's version (or goes, when they removed it); a row
    only this user changed stays; a row both changed keeps this user's input with theirs shown.
    Rows the colleague added come in. The colleague's order counts unless this user re-ranked.
    Rows are paired between versions by `_pairs`.
    """
    situations_paired, agreements_paired = _pairs(base, theirs)
    situations, taken_s, differing_s = _merge_rows(base.situations, mine.situations, origins[0], theirs.situations,
                                                   situations_paired)
    agreements, taken_a, differing_a = _merge_rows(base.agreements, mine.agreements, origins[1], theirs.agreements,
                                                   agreements_paired)
    fields: dict[str, object] = {}
    differing_fields: dict[str, object] = {}
    taken = taken_s + taken_a
    for name in PLAN_FIELDS:
        was, now, stored = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if now == was:
            fields[name] = stored
            taken += stored != was
        else:
            fields[name] = now
            if stored not in (was, now):
                differing_fields[name] = stored
    return PlanMerge(tuple(situations), tuple(agreements), fields, differing_fields, taken,
                     differing_s + differing_a + len(differing_fields))


def _merge_rows(base: tuple[Row, ...], mine: tuple[Row, ...], origins: Origins, theirs: tuple[Row, ...],
                pairs: dict[int, int]) -> tuple[list[MergedRow[Row]], int, int]:
    """One list (situations or agreements): the merged rows in order, how many taken, how many differ."""
    placed: list[tuple[float, MergedRow[Row]]] = []  # (place, row); sorted at the end, stable
    kept_order = [o for o in origins if o is not None] == sorted(o for o in origins if o is not None)
    used: set[int] = set()
    taken = differing = 0
    place = -1.0
    for index, (origin, row) in enumerate(zip(origins, mine, strict=True)):
        stored = pairs.get(origin) if origin is not None else None
        if stored is not None:
            used.add(stored)
        # the colleague's order counts for rows they have, unless this user re-ranked
        place = float(stored) if stored is not None and kept_order else (place + 0.001 if kept_order else index)
        if origin is None:
            if not row.is_blank:  # an empty row this user added and left empty is no input
                placed.append((place, MergedRow(row, None, index)))
        elif row == base[origin]:  # left alone: the colleague's version of it, or gone with theirs
            if stored is None:
                taken += 1
            elif theirs[stored] != row:
                taken += 1
                placed.append((place, MergedRow(theirs[stored], stored)))
            else:
                placed.append((place, MergedRow(row, stored, index)))
        elif stored is None:
            differing += 1
            placed.append((place, MergedRow(row, None, index, kind=THEY_REMOVED)))
        elif theirs[stored] in (base[origin], row):  # only this user changed it (or both alike)
            placed.append((place, MergedRow(row, stored, index)))
        else:
            differing += 1
            placed.append((place, MergedRow(row, stored, index, theirs[stored], BOTH)))
    kept = {o for o in origins if o is not None}
    for origin, row in enumerate(base):  # rows this user removed: gone, unless the colleague changed them
        stored = pairs.get(origin)
        if origin in kept or stored is None:
            continue
        used.add(stored)
        if theirs[stored] != row:
            differing += 1
            placed.append((_their_place(stored, kept_order), MergedRow(theirs[stored], stored, kind=YOU_REMOVED)))
    for stored, row in enumerate(theirs):  # rows the colleague added
        if stored not in used:
            taken += 1
            placed.append((_their_place(stored, kept_order), MergedRow(row, stored)))
    placed.sort(key=lambda item: item[0])
    return [row for _place, row in placed], taken, differing


def _their_place(stored: int, kept_order: bool) -> float:
    """Where a row only the colleague's version has goes: at its place in their order, or — when
    this user re-ranked — just before the row that is at that place in this user's order."""
    return float(stored) if kept_order else stored - 0.5


def row_origins(base: PlanContent, content: PlanContent) -> tuple[Origins, Origins]:
    """Which row of `base` each row of `content` (a copy of it, or a draft begun on it) started as."""
    situations, agreements = ({new: old for old, new in pairs.items()} for pairs in _pairs(base, content))
    return (tuple(situations.get(i) for i in range(len(content.situations))),
            tuple(agreements.get(i) for i in range(len(content.agreements))))


def _pairs(old: PlanContent, new: PlanContent) -> tuple[dict[int, int], dict[int, int]]:
    """Old row index → new row index, for situations and for agreements.

    As the comparison pairs them (same or similar text, models/top3_diff); then a row left unpaired
    is paired with the unpaired row at the same place: both editors start from a copy in the same
    order, so a row rewritten in place is still that row."""
    diff = compare_plans(old, new)
    situations = {c.old_rank - 1: c.new_rank - 1 for c in diff.situations if c.old_rank and c.new_rank}
    agreements = {c.old_position - 1: c.new_position - 1 for c in diff.agreements if c.old_position and c.new_position}
    for pairs, sizes in ((situations, (len(old.situations), len(new.situations))),
                         (agreements, (len(old.agreements), len(new.agreements)))):
        free_new = set(range(sizes[1])) - set(pairs.values())
        for index in sorted(set(range(sizes[0])) - pairs.keys()):
            if index in free_new:
                pairs[index] = index
    return situations, agreements
