"""Purging closed cases past the retention period, as an action for `models.actions.perform`.

The rules and what goes are models/retention.py's. No undo (perform with undoable=False): a purge
is meant to be final, and the removed rows are not captured anywhere.
"""

from __future__ import annotations

from datetime import date

from models.actions.unit import Done
from models.dutch import count


def purge_closed_cases(session, today: date) -> Done:
    """(session, today) → Done; `value` is the RetentionPlan of what was removed."""
    from models.retention import purge

    plan = purge(session, today)
    if plan.empty:
        return Done("Niets op te schonen.", value=plan)
    return Done(f"Opgeschoond: {count(plan.clients, 'gesloten dossier', 'gesloten dossiers')}.", value=plan)
