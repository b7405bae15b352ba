"""The one door for every change: the headless write layer.

A screen never opens a session or commits. It hands an *action* (a plain function in one of this
package's section modules) to the app's runner (`tui/runner.py`), which calls `perform()` in a
worker thread. Everything else about a write happens here, once:

Commit policy (the only one in Teambord)
    `perform()` opens one write session (BEGIN IMMEDIATE on SQLite) as the signed-in worker,
    calls the action, flushes, records what changed for undo, and commits ONCE. Actions and the
    models/ functions below them validate, change rows and FLUSH — they never commit, never roll
    back on success, and never open a session. A refusal (`DomainError`: invalid input, a stale
    version, a colleague's change) or any other exception leaves the transaction uncommitted, so
    nothing is ever saved half. The audit log is written by the session's flush listener
    (models/audit.py), in the same transaction, so a change and its audit record commit together.

Versions
    An edit carries the version its form was loaded with; the models/ function refuses with a
    `ConcurrentEdit` naming who changed which fields (models/conflicts.py) when a colleague saved
    first. A form that was refused keeps the old version until the user merges (Ctrl+L), so a
    second Ctrl+S can never overwrite the colleague's change.

Undo
    Every action's flushed row changes are captured (models/actions/undo.py): the row before, the
    row after. Undo puts the rows back and refuses only when one of them no longer looks as this
    action left it — a colleague really changed it since.

Results
    An action returns a frozen `Done`: a Dutch message for the user, the ids it touched, an
    optional plain value (never an ORM row), and — filled in by `perform()` — the undo record.
"""

from models.actions.done import Done
from models.actions.unit import perform, read

__all__ = ["Done", "perform", "read"]
