"""Snapshots of the six sections on the demo database at a frozen Monday morning.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update` and look
at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest

from tests.conftest import settle

SIZE = (160, 48)


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5", "6"],
                         ids=["vandaag", "planning", "wachtlijst", "caseload", "overleg", "overdracht"])
def test_section(snap_compare, make_app, key):
    async def open_section(pilot) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_section)


def test_help_screen(snap_compare, make_app):
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_help)


def test_masked_caseload(snap_compare, make_app):
    async def masked(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(make_app(masked=True), terminal_size=SIZE, run_before=masked)
