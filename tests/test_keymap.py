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


def _every_key():
    from tui.keymap import CLIENT_PAGE_KEYS, MODAL_CLOSE

    lists = [GLOBAL, [MODAL_CLOSE], CLIENT_PAGE_KEYS, *SECTION_KEYS.values(), *SCREEN_KEYS.values(),
             *MODAL_KEYS.values()]
    return [spec for specs in lists for spec in specs]


def test_one_key_one_meaning_the_verb_keys_mean_their_verb_on_every_screen():
    """n is always 'new', x always 'export', d always 'done', b always 'acknowledge' … (issue 15)."""
    from tui.keymap import YES_NO_EXCEPTION, verb_of_key

    owner = verb_of_key()
    clashes = []
    for spec in _every_key():
        for key in _keys(spec):
            verb = owner.get(key)
            if verb is None or (spec.id in YES_NO_EXCEPTION and key == "n"):
                continue
            if spec.verb != verb:
                clashes.append(f"{spec.id}: {key} means '{verb}', not '{spec.description}'")
    assert clashes == []


def test_a_key_that_claims_a_verb_uses_that_verbs_key():
    from tui.keymap import VERBS

    keys_of = {verb.name: set(verb.keys.split(",")) for verb in VERBS}
    wrong = [spec.id for spec in _every_key() if spec.verb and not keys_of[spec.verb] & set(_keys(spec))]
    assert wrong == []


def test_the_verb_table_has_no_key_twice():
    from tui.keymap import VERBS

    keys = [key for verb in VERBS for key in verb.keys.split(",")]
    assert len(keys) == len(set(keys))
