"""The one config file (tui/config.py): defaults, every setting read, wrong values replaced by their
default with a Dutch sentence (never a crash), a broken file never overwritten, and a key remapped
in "keymap" working in the real app."""

from __future__ import annotations

import json

from screens.planning.day_dialog import AskScreen
from screens.planning.screen import PlanningScreen
from tests.conftest import settle
from tui.config import DEFAULT_IDLE_MINUTES, THEME_NAMES, UserConfig, key_ids, load_config
from tui.paths import default_export_folder
from tui.theme import THEMES

SIZE = (160, 48)


def write(path, data) -> None:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_without_a_file_every_setting_has_its_default(tmp_path, monkeypatch):
    documents = tmp_path / "Documenten"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    config = load_config(tmp_path / "config.json")
    assert config.theme == "teambord" and dict(config.keymap) == {} and config.idle_minutes == DEFAULT_IDLE_MINUTES
    assert config.export_folder == documents / "Teambord"
    assert config.problems == ()
    assert not (tmp_path / "config.json").exists()  # reading never creates the file


def test_without_a_documents_folder_exports_go_to_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "bestaat-niet"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_export_folder() == tmp_path / "data" / "teambord" / "export"


def test_every_setting_is_read(tmp_path):
    path = tmp_path / "config.json"
    write(path, {"theme": "teambord-licht", "keymap": {"planning.export": "i, ctrl+e", "app.help": "?"},
                 "export_folder": str(tmp_path / "uit"), "idle_minutes": 12, "last_user": {"sqlite:///x": "AV"}})
    config = load_config(path)
    assert config.theme == "teambord-licht"
    assert dict(config.keymap) == {"planning.export": "i,ctrl+e", "app.help": "?"}
    assert config.export_folder == tmp_path / "uit" and config.idle_minutes == 12
    assert config.problems == () and config.path == path


def test_a_home_relative_export_folder_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "config.json"
    write(path, {"export_folder": "~/Documenten/Teambord"})
    assert load_config(path).export_folder == tmp_path / "Documenten" / "Teambord"


def test_wrong_values_fall_back_to_their_default_with_a_dutch_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path))
    path = tmp_path / "config.json"
    write(path, {"theme": "roze", "keymap": {"bestaat.niet": "z", "app.help": 5, "planning.export": "a b",
                                             "planning.new": "n,", "planning.slot": "i"},
                 "export_folder": "relatief/pad", "idle_minutes": True, "kleur": "blauw"})
    config = load_config(path)
    assert config.theme == "teambord"
    assert dict(config.keymap) == {"planning.slot": "i"}  # the one good entry is kept
    assert config.export_folder == tmp_path / "Teambord" and config.idle_minutes == DEFAULT_IDLE_MINUTES
    said = "\n".join(config.problems)
    for words in ('onbekend thema "roze"', '"bestaat.niet" is geen bekende toets-id', '"app.help": 5 is geen geldige',
                  '"planning.export": "a b" is geen geldige', '"planning.new": "n," is geen geldige',
                  '"export_folder" moet een volledig pad', '"idle_minutes" moet een heel getal',
                  'onbekende instelling "kleur"'):
        assert words in said, words
    assert len(config.problems) == 8


def test_idle_minutes_must_be_a_whole_number_in_range(tmp_path):
    path = tmp_path / "config.json"
    for value, expected in ((1, 1), (480, 480), (0, 5), (481, 5), (2.5, 5), ("5", 5), (None, 5)):
        write(path, {"idle_minutes": value})
        config = load_config(path)
        assert config.idle_minutes == expected, value
        assert bool(config.problems) == (value != expected), value


def test_a_broken_file_is_said_and_never_overwritten(tmp_path):
    path = tmp_path / "config.json"
    broken = '{"theme": "teambord-licht",\n  "keymap": {\n}'
    write(path, broken)
    user_config = UserConfig(path)
    config = user_config.load()
    assert config.theme == "teambord" and len(config.problems) == 1
    assert "geen geldige JSON (regel 3)" in config.problems[0] and "ongemoeid" in config.problems[0]
    user_config.remember_user("sqlite:///x", "AV")
    assert user_config.set_theme("teambord-licht") is False
    assert path.read_text(encoding="utf-8") == broken  # what the user wrote is still there to fix
    write(path, "[1, 2]")
    assert "één JSON-object" in UserConfig(path).load().problems[0]


def test_the_last_user_and_the_settings_live_side_by_side(tmp_path):
    path = tmp_path / "config.json"
    write(path, {"keymap": {"planning.export": "i"}, "idle_minutes": 9})
    user_config = UserConfig(path)
    user_config.remember_user("sqlite:///team.db", "JB")
    assert user_config.set_theme("teambord-licht")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"keymap": {"planning.export": "i"}, "idle_minutes": 9, "last_user": {"sqlite:///team.db": "JB"},
                    "theme": "teambord-licht"}
    assert user_config.last_user("sqlite:///team.db") == "JB" and user_config.last_user("sqlite:///ander.db") is None
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, through a temporary file


def test_the_config_knows_the_registered_themes_and_every_key_id():
    assert THEME_NAMES == tuple(THEMES)
    ids = key_ids()
    assert {"planning.export", "overleg.minutes", "preview.save", "app.quit", "vergadering.minutes"} <= ids


async def test_a_key_remapped_in_the_config_works_in_the_real_app(make_app, tmp_path):
    write(tmp_path / "config.json", {"keymap": {"planning.export": "i"}, "idle_minutes": 7})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.config.idle_minutes == 7  # loaded and exposed for the idle lock
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        await pilot.press("x")  # the old key does nothing now
        await settle(pilot)
        assert isinstance(app.screen, PlanningScreen)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen) and "iCalendar-export" in app.screen.question
        await pilot.press("escape")
        await settle(pilot)
        assert not [n for n in app._notifications if n.severity == "warning"]


async def test_a_wrong_config_is_told_in_a_toast_and_the_app_runs_on_defaults(make_app, tmp_path):
    write(tmp_path / "config.json", {"theme": "paars", "keymap": {"planning.export": 7}, "idle_minutes": -1})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "teambord" and app.config.idle_minutes == DEFAULT_IDLE_MINUTES
        toasts = [n for n in app._notifications if n.severity == "warning"]
        assert len(toasts) == 1 and str(tmp_path / "config.json") in toasts[0].title
        assert 'onbekend thema "paars"' in toasts[0].message and '"idle_minutes"' in toasts[0].message
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("x")  # the default key still works
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)


def test_a_remapped_key_that_another_key_of_its_screen_has_is_refused(tmp_path):
    """Textual would silently take "n" away from "Nieuwe afspraak"; Teambord refuses and says so."""
    path = tmp_path / "config.json"
    write(path, {"keymap": {"planning.export": "n", "overleg.history": "m", "vergadering.notes": "ctrl+q"}})
    config = load_config(path)
    assert dict(config.keymap) == {}
    said = "\n".join(config.problems)
    assert '"planning.export": "n" is op dat scherm al de toets van "planning.new"' in said
    assert '"overleg.history": "m" is op dat scherm al de toets van "app.mask"' in said  # app-wide keys count
    assert '"vergadering.notes": "ctrl+q"' in said
    write(path, {"keymap": {"planning.export": "n", "planning.new": "x"}})  # swapped: both fine
    assert dict(load_config(path).keymap) == {"planning.export": "n", "planning.new": "x"}
    write(path, {"keymap": {"preview.close": "m,escape"}})  # a modal sees no app keys but the priority ones
    assert dict(load_config(path).keymap) == {"preview.close": "m,escape"}


async def test_a_refused_remap_keeps_both_keys_working_in_the_app(make_app, tmp_path):
    write(tmp_path / "config.json", {"keymap": {"planning.export": "n"}})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any('"planning.export": "n"' in n.message for n in app._notifications)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
