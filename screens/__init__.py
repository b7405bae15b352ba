"""Textual screens, modals and widgets. Nothing here imports SQLModel at module level: the
database layer loads inside the first worker, after the first frame (PERFORMANCE.md)."""
