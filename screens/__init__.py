"""Textual screens, modals and widgets: one package per section (vandaag, planning, waitlist,
caseload, overleg, top3, handover, client) whose section screen is `screen.py`, and `common/`
for what they share. Screens never touch the database: every call goes through the app's
runner (tui/runner.py). Nothing here imports SQLModel at module level: the database layer loads
inside the first worker, after the first frame (PERFORMANCE.md)."""
