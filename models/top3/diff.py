"""A Top-3 plan as plain data, and what changed between two versions.

Pure Python (no SQLModel, no Textual): the screens import these types at module level, the
write side (models/top3/write.py) validates them, and `compare_plans` is unit-tested on its own.

Versions share no identity for their situations: a revision is a new row with new situations.
`compare_plans` therefore matches situations by their description (identical text first, then the
most similar text) and agreements by what was agreed, and reports per pair what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from difflib import SequenceMatcher

from models.enums import AgreementStatus, Top3Phase

MAX_SITUATIONS = 3
SIMILAR = 0.55  # descriptions at least this alike are "reworded", not "removed + added"


@dataclass(frozen=True)
class Situation:
    description: str
    family_members: str = ""
    last_occurrence: date | None = None
    risk_factors: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.description.strip() or self.family_members.strip() or self.risk_factors.strip()
                    or self.last_occurrence)


@dataclass(frozen=True)
class Agreement:
    who: str
    what: str
    until: date | None = None
    checked_by: str = ""
    consequence: str = ""
    status: str = AgreementStatus.LOOPT

    @property
    def is_blank(self) -> bool:
        return not (self.who.strip() or self.what.strip() or self.until or self.checked_by.strip()
                    or self.consequence.strip())


@dataclass(frozen=True)
class PlanContent:
    """What a worker edits: the situations in rank order (first = most unsafe) and the agreements."""

    situations: tuple[Situation, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    made_with: str = ""
    phase: str = Top3Phase.DIRECTE_VEILIGHEID
    evaluate_on: date | None = None

    def without_blanks(self) -> PlanContent:
        return PlanContent(
            situations=tuple(s for s in self.situations if not s.is_blank),
            agreements=tuple(a for a in self.agreements if not a.is_blank),
            made_with=self.made_with, phase=self.phase, evaluate_on=self.evaluate_on,
        )


@dataclass(frozen=True)
class PlanVersion:
    """A stored version (or the client's draft) with who wrote it and when."""

    id: int
    client_id: int
    number: int
    created_at: datetime
    author_code: str | None
    content: PlanContent
    is_draft: bool = False
    based_on: int = 0  # drafts: the version number the draft started from (0 = none yet)


# --- comparing two versions -------------------------------------------------------------

ADDED, REMOVED, RERANKED, REWORDED, DETAILS, STATUS = (
    "added", "removed", "reranked", "reworded", "details", "status")

CHANGE_LABELS = {
    ADDED: "nieuw", REMOVED: "vervallen", RERANKED: "andere plaats", REWORDED: "herschreven",
    DETAILS: "aangepast", STATUS: "status gewijzigd",
}

SITUATION_FIELD_LABELS = {"family_members": "gezinsleden", "last_occurrence": "laatst voorgekomen",
                          "risk_factors": "risicofactoren"}
AGREEMENT_FIELD_LABELS = {"who": "wie", "until": "tot wanneer", "checked_by": "controle",
                          "consequence": "gevolg"}
PLAN_FIELD_LABELS = {"made_with": "Gemaakt met", "phase": "Fase", "evaluate_on": "Evaluatie"}


@dataclass(frozen=True)
class SituationChange:
    old_rank: int | None
    new_rank: int | None
    old: Situation | None
    new: Situation | None
    kinds: frozenset[str] = frozenset()
    changed_fields: tuple[str, ...] = ()  # besides the description

    @property
    def unchanged(self) -> bool:
        return not self.kinds


@dataclass(frozen=True)
class AgreementChange:
    old_position: int | None
    new_position: int | None
    old: Agreement | None
    new: Agreement | None
    kinds: frozenset[str] = frozenset()
    changed_fields: tuple[str, ...] = ()  # besides what and status

    @property
    def unchanged(self) -> bool:
        return not self.kinds


@dataclass(frozen=True)
class PlanDiff:
    situations: tuple[SituationChange, ...]
    agreements: tuple[AgreementChange, ...]
    plan_fields: tuple[str, ...] = field(default=())  # made_with / phase / evaluate_on when changed

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in (*self.situations, *self.agreements):
            for kind in change.kinds:
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    def summary(self) -> str:
        """Dutch one-liner, e.g. 'situaties: 1 nieuw, 1 herschreven · afspraken: 2 status gewijzigd'."""
        order = (ADDED, REMOVED, RERANKED, REWORDED, DETAILS, STATUS)
        parts = []
        for title, changes in (("situaties", self.situations), ("afspraken", self.agreements)):
            counts: dict[str, int] = {}
            for change in changes:
                for kind in change.kinds:
                    counts[kind] = counts.get(kind, 0) + 1
            words = [f"{counts[kind]} {CHANGE_LABELS[kind]}" for kind in order if counts.get(kind)]
            if words:
                parts.append(f"{title}: {', '.join(words)}")
        if self.plan_fields:
            parts.append("gewijzigd: " + ", ".join(PLAN_FIELD_LABELS[name].lower() for name in self.plan_fields))
        return " · ".join(parts) if parts else "geen wijzigingen"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _pair(old: list[str], new: list[str]) -> tuple[list[tuple[int, int, bool]], set[int], set[int]]:
    """Match texts: identical first, then the most similar pairs above SIMILAR.

    Returns (pairs as (old index, new index, identical)), unmatched old indexes, unmatched new indexes.
    """
    pairs: list[tuple[int, int, bool]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    for j in range(len(new)):
        for i in sorted(free_old):
            if _norm(old[i]) == _norm(new[j]):
                pairs.append((i, j, True))
                free_old.discard(i)
                free_new.discard(j)
                break
    candidates = sorted(
        ((_similarity(old[i], new[j]), -abs(i - j), i, j) for i in free_old for j in free_new), reverse=True)
    for score, _distance, i, j in candidates:
        if score < SIMILAR:
            break
        if i in free_old and j in free_new:
            pairs.append((i, j, False))
            free_old.discard(i)
            free_new.discard(j)
    return pairs, free_old, free_new


def compare_plans(old: PlanContent, new: PlanContent) -> PlanDiff:
    """What changed from `old` to `new`: situations added, removed, re-ranked, reworded or adjusted;
    agreements added, removed, reworded, adjusted or with a new status; and the plan's own fields.

    Situations come out in the new ranking, removed ones after them; agreements likewise.
    """
    situations: list[SituationChange] = []
    pairs, gone, fresh = _pair([s.description for s in old.situations], [s.description for s in new.situations])
    by_new = {j: (i, identical) for i, j, identical in pairs}
    for j, situation in enumerate(new.situations):
        if j in fresh:
            situations.append(SituationChange(None, j + 1, None, situation, frozenset({ADDED})))
            continue
        i, identical = by_new[j]
        before = old.situations[i]
        kinds = set()
        if i != j:
            kinds.add(RERANKED)
        if not identical:
            kinds.add(REWORDED)
        fields = tuple(name for name in SITUATION_FIELD_LABELS if _differs(getattr(before, name), getattr(situation, name)))
        if fields:
            kinds.add(DETAILS)
        situations.append(SituationChange(i + 1, j + 1, before, situation, frozenset(kinds), fields))
    for i in sorted(gone):
        situations.append(SituationChange(i + 1, None, old.situations[i], None, frozenset({REMOVED})))

    agreements: list[AgreementChange] = []
    pairs, gone, fresh = _pair([f"{a.who} {a.what}" for a in old.agreements], [f"{a.who} {a.what}" for a in new.agreements])
    by_new = {j: (i, identical) for i, j, identical in pairs}
    for j, agreement in enumerate(new.agreements):
        if j in fresh:
            agreements.append(AgreementChange(None, j + 1, None, agreement, frozenset({ADDED})))
            continue
        i, _identical = by_new[j]
        before = old.agreements[i]
        kinds = set()
        if _norm(before.what) != _norm(agreement.what):
            kinds.add(REWORDED)
        if before.status != agreement.status:
            kinds.add(STATUS)
        fields = tuple(name for name in AGREEMENT_FIELD_LABELS if _differs(getattr(before, name), getattr(agreement, name)))
        if fields:
            kinds.add(DETAILS)
        agreements.append(AgreementChange(i + 1, j + 1, before, agreement, frozenset(kinds), fields))
    for i in sorted(gone):
        agreements.append(AgreementChange(i + 1, None, old.agreements[i], None, frozenset({REMOVED})))

    plan_fields = tuple(name for name in PLAN_FIELD_LABELS if _differs(getattr(old, name), getattr(new, name)))
    return PlanDiff(tuple(situations), tuple(agreements), plan_fields)


def _differs(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _norm(a) != _norm(b)
    return a != b


# --- validation ---------------------------------------------------------------------------
# Field names: "situations", "situation-<index>-description", "agreement-<index>-who", ...,
# "evaluate-on"; the editor maps them to its widgets. Index = position in the (blank-free) lists.

def validate_plan(content: PlanContent, today: date) -> PlanContent:
    """The plan without blank rows, or ValidationFailed with a Dutch message naming the field."""
    from models.errors import ValidationFailed

    situations = list(content.situations)
    agreements = list(content.agreements)
    kept = [i for i, s in enumerate(situations) if not s.is_blank]
    if not kept:
        raise ValidationFailed("Beschrijf ten minste één onveilige situatie.", field="situation-0-description")
    if len(kept) > MAX_SITUATIONS:
        raise ValidationFailed("Een Top-3 heeft ten hoogste drie situaties.", field="situations")
    for i in kept:
        situation = situations[i]
        if not situation.description.strip():
            raise ValidationFailed("Beschrijf de situatie: wie doet wat bij wie, wanneer en waar.",
                                   field=f"situation-{i}-description")
        if situation.last_occurrence and situation.last_occurrence > today:
            raise ValidationFailed("Laatst voorgekomen kan niet in de toekomst liggen.",
                                   field=f"situation-{i}-last")
    for i, agreement in enumerate(agreements):
        if agreement.is_blank:
            continue
        if not agreement.who.strip():
            raise ValidationFailed("Vul in wie de afspraak nakomt.", field=f"agreement-{i}-who")
        if not agreement.what.strip():
            raise ValidationFailed("Vul in wat er is afgesproken.", field=f"agreement-{i}-what")
        if agreement.until is None:
            raise ValidationFailed("Vul in tot wanneer de afspraak geldt.", field=f"agreement-{i}-until")
        if agreement.status not in {s.value for s in AgreementStatus}:
            raise ValidationFailed("Kies een status.", field=f"agreement-{i}-status")
    if content.phase not in {p.value for p in Top3Phase}:
        raise ValidationFailed("Kies fase 1, 2 of 3.", field="phase")
    if content.evaluate_on is None:
        raise ValidationFailed("Vul de datum van de volgende evaluatie in.", field="evaluate-on")
    if content.evaluate_on < today:
        raise ValidationFailed("De evaluatiedatum kan niet in het verleden liggen.", field="evaluate-on")
    return content.without_blanks()
