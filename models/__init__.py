"""Teambord's data model and domain rules: SQLModel tables and plain functions over a Session.

One house, one naming convention:
- `models/tables/` — the tables, one module per kind of record.
- `models/<section>/` (vandaag, planning, waitlist, caseload, overleg, top3, handover, client) —
  `queries.py` reads (returning frozen views), `views.py` those frozen views, `write.py` the
  rules that change rows (validate, change, FLUSH — never commit), plus a few named helpers.
- `models/actions/` — the one door for every change: `perform()` is the unit of work that
  commits; one module of actions per section (see its docstring for the commit policy).
- Flat modules: what every section uses (audit, clock, Dutch dates, errors, limits, drafts …).

Nothing in this package imports Textual (checked by tests/test_architecture.py). Importing the
package itself is cheap; the tables live in submodules so the app can paint before SQLModel loads.
"""
