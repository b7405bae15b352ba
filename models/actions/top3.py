"""Top-3's changes: a new version, the editor's draft (kept and thrown away), and what Ctrl+L reads.

Every change is an action for `models.actions.perform`: (session, …) → Done; it flushes and never
commits. Saving a version is undoable (the captured rows: the new version goes, the draft it
replaced comes back); the draft writes run with `undoable=False`, they are the editor's own
bookkeeping and never a step the user would take back.
"""

from __future__ import annotations

from models.actions.unit import Done
from models.top3.diff import PlanContent, PlanVersion


def save_top3_version(session, content: PlanContent, base_number: int | None, *, client_id: int,
                      author_id: int | None) -> Done:
    """`content` as the version after `base_number`; refused (ConcurrentEdit) when that is no longer the newest."""
    from models.top3.write import save_version

    number = save_version(session, client_id, content, base_number=base_number or 0, author_id=author_id)
    return Done(f"Top-3 versie {number} opgeslagen", ids=(client_id,), value=number)


def keep_top3_draft(session, client_id: int, content: PlanContent, author_id: int | None) -> Done:
    from models.top3.write import save_draft

    save_draft(session, client_id, content, author_id=author_id)
    return Done()


def discard_top3_draft(session, client_id: int) -> Done:
    from models.top3.write import discard_draft

    discard_draft(session, client_id)
    return Done("Concept van de Top-3 weggegooid", ids=(client_id,))


def newest_top3(session, client_id: int) -> PlanVersion | None:
    """The client's newest saved version: what the editor merges in after a colleague's save."""
    from models.top3.queries import current_plan

    return current_plan(session, client_id)
