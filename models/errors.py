"""Domain errors carrying a Dutch message fit to show the user (never client data)."""

from __future__ import annotations


class DomainError(Exception):
    """Base: `str(error)` is a Dutch sentence for the user; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ValidationFailed(DomainError):
    pass


class ConcurrentEdit(DomainError):
    """Someone else saved this record since it was loaded; nothing was written."""

    def __init__(self, message: str, changed_by: str | None = None, changed_fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_fields = changed_fields


class NotFound(DomainError):
    pass


class OverlapWarning(DomainError):
    """The appointment overlaps another of the same worker: the user may accept it and save anyway."""
