"""The key map is consistent: no key does two things in one place, every binding is described."""

from __future__ import annotations

from tui.keymap import GLOBAL, MODAL_KEYS, SCREEN_KEYS, SECTION_KEYS, SECTIONS


def _keys(spec) -> list[str]:
    return spec.keys.split(",")


def test_no_section_key_clashes_with_a_global_key_or_another_key_of_its_section():
    global_keys = {key for spec in GLOBAL for key in _keys(spec)}
    for mode, specs in SECTION_KEYS.items():
        seen: dict[str, str] = {}
        for spec in specs:
            for key in _keys(spec):
                assert key not in global_keys, f"{mode}: {key} is already a global key"
                assert key not in seen, f"{mode}: {key} used by {seen.get(key)} and {spec.id}"
                seen[key] = spec.id


def test_no_key_clashes_on_the_client_page_the_top3_editor_or_the_comparison():
    global_keys = {key for spec in GLOBAL for key in _keys(spec)}
    for where, specs in SCREEN_KEYS.items():
        seen: dict[str, str] = {}
        for spec in specs:
            for key in _keys(spec):
                assert key not in global_keys, f"{where}: {key} is already a global key"
                assert key not in seen, f"{where}: {key} used by {seen.get(key)} and {spec.id}"
                seen[key] = spec.id


def test_every_binding_has_a_dutch_description_and_a_unique_id():
    specs = GLOBAL + [spec for specs in (*SECTION_KEYS.values(), *SCREEN_KEYS.values(), *MODAL_KEYS.values())
                      for spec in specs]
    assert all(spec.description for spec in specs)
    ids = [spec.id for spec in specs]
    assert len(ids) == len(set(ids))


def test_every_section_has_a_number_key_and_keys():
    assert [key for _mode, key, _title in SECTIONS] == ["1", "2", "3", "4", "5", "6"]
    assert set(SECTION_KEYS) == {mode for mode, _key, _title in SECTIONS}


def test_no_key_does_two_things_in_a_modal_window():
    """Modal windows see only the priority app keys (Ctrl+Q), so only those may not be reused."""
    priority = {key for spec in GLOBAL if spec.priority for key in _keys(spec)}
    for where, specs in MODAL_KEYS.items():
        seen: dict[str, str] = {}
        for spec in specs:
            for key in _keys(spec):
                assert key not in priority, f"{where}: {key} is taken by a priority app key"
                assert key not in seen, f"{where}: {key} used by {seen.get(key)} and {spec.id}"
                seen[key] = spec.id


def test_screens_take_their_keys_from_the_key_map():
    """One key map (tui/keymap.py): no screen declares a Binding of its own."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "screens"
    offenders = [f"{path.name}:{node.lineno}" for path in root.rglob("*.py")
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding"]
    assert offenders == []
