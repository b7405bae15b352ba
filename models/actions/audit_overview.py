"""Exporting the audit overview (x in the Auditoverzicht, `teambord audit`), as an action for
`models.actions.perform`.

The file and its own audit entry are models/audit_overview.py's; only a coordinator may export.
No undo (perform with undoable=False): a file that was written cannot be taken back, and the audit
log is append-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from models.actions.done import Done

if TYPE_CHECKING:
    from models.audit_overview import AuditFilter


def export_audit_overview(session, audit_filter: AuditFilter, target: Path) -> Done:
    """(session, filter, folder or .md file) → Done; `value` is the path of the written file."""
    from models.audit_overview import export_audit

    path = export_audit(session, audit_filter, target)
    return Done(f"Opgeslagen: {path}", value=path)
