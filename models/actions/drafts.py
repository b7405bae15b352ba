"""Drafts through the one door: keep, discard, and save-with-discard (one transaction).

The worker is the signed-in actor of the unit of work, so a draft is always filed under the
person who typed it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.actions.done import Done


def keep(session, form_key: str, fields: dict[str, Any], title: str = "") -> Done:
    from models.drafts import keep_draft

    keep_draft(session, _who(session), form_key, fields, title)
    return Done()


def discard(session, form_key: str) -> Done:
    from models.drafts import discard_draft

    discard_draft(session, _who(session), form_key)
    return Done()


def find(session, form_key: str):
    from models.drafts import find_draft

    return find_draft(session, _who(session), form_key)


def saving(action: Callable[..., Done], form_key: str) -> Callable[..., Done]:
    """`action`, and the form's draft removed in the same transaction: saved means no draft left."""

    def save_and_discard(session, *args: Any, **kwargs: Any) -> Done:
        done = action(session, *args, **kwargs)
        discard(session, form_key)
        return done

    return save_and_discard


def _who(session) -> str:
    from models.audit import acting

    return acting(session).user_code
