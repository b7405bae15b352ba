"""`teambord demo` copies today's template instead of seeding every time (issue 14)."""

from __future__ import annotations

import sqlite3

import fixtures.demo
from tests.conftest import FROZEN_TODAY
from tui.demo_template import cache_dir, place_demo_database


def _workers(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM worker").fetchone()[0]


def test_the_second_demo_of_the_day_is_a_copy_and_a_new_day_seeds_again(tmp_path, monkeypatch):
    seeded: list[int] = []
    real_seed = fixtures.demo.seed_demo
    monkeypatch.setattr(fixtures.demo, "seed_demo",
                        lambda engine, **kwargs: (seeded.append(1), real_seed(engine, **kwargs))[1])

    first, second = tmp_path / "a" / "demo.db", tmp_path / "b" / "demo.db"
    first.parent.mkdir(), second.parent.mkdir()
    assert place_demo_database(first, FROZEN_TODAY)
    assert place_demo_database(second, FROZEN_TODAY)
    assert seeded == [1]  # the second one was copied
    assert _workers(first) == _workers(second) > 0
    with sqlite3.connect(first) as db:  # each demo is its own file: a change in one is not in the other
        db.execute("DELETE FROM audit_entry")
        db.execute("UPDATE worker SET name = 'Iemand anders' WHERE id = 1")
    with sqlite3.connect(second) as db:
        assert db.execute("SELECT name FROM worker WHERE id = 1").fetchone()[0] != "Iemand anders"

    third = tmp_path / "c" / "demo.db"
    third.parent.mkdir()
    assert place_demo_database(third, FROZEN_TODAY.replace(day=FROZEN_TODAY.day + 1))
    assert seeded == [1, 1]
    assert len(list(cache_dir().glob("demo-*.db"))) == 1  # yesterday's template is gone


def test_without_a_cache_folder_the_demo_seeds_itself(tmp_path, monkeypatch, make_app):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    target = tmp_path / "demo.db"
    assert place_demo_database(target, FROZEN_TODAY) is False
    assert not target.exists()
