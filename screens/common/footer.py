"""The footer: recomposed only when its keys change, and without Textual 8.2's watcher leak.

Textual's Footer remounts all its keys on every `bindings_updated` signal, and sections refresh
their bindings on every row highlight (a key such as "Toewijzen" is enabled only for a row in the
right status): at scale that was 28% of the UI's CPU while moving the cursor (issue 14). Here a
signal whose keys and labels are unchanged costs one comparison; when only which keys are enabled
changed, those keys are switched in place.

Each FooterKey is data-bound to the footer's `compact` reactive, and that watcher list is only
pruned when `compact` itself changes — never, here — so every recompose left the old keys alive
(+44 MiB after 50 help-screen cycles, benchmarks/modal_cycle.py; Textualize/textual#6666).
After each recompose we drop the watchers of keys that have been removed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

UNDO_ACTIONS = ("undo", "app.undo")
NARROW = 120  # below this width the section keys 1–6 leave the footer (the help screen and the
# palette list them, and they are the first keys anyone learns): at 80 columns the section's own keys fit.


class TeambordFooter(Footer):
    _shown_layout: tuple | None = None  # the keys and labels composed last
    _shown_enabled: dict[str, bool] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        layout, enabled = self._keys_now()
        if layout != self._shown_layout:
            self.call_after_refresh(self.recompose)
        elif enabled != self._shown_enabled:
            self._switch_enabled(enabled)

    async def recompose(self) -> None:
        await super().recompose()
        self._drop_dead_watchers()

    def _keys_now(self) -> tuple[tuple, dict[str, bool]]:
        """What the footer would show: (keys with their labels, enabled per action)."""
        shown = footer_bindings(self.screen)
        layout = (tuple((b.key, b.action, b.description, tooltip) for b, _enabled, tooltip in shown),
                  self._undo_label(), self.show_command_palette, self._narrow())
        enabled: dict[str, bool] = {}
        for binding, is_enabled, _tooltip in shown:
            enabled.setdefault(binding.action, is_enabled)
        return layout, enabled

    def _switch_enabled(self, enabled: dict[str, bool]) -> None:
        for key in self.query_children(FooterKey):
            if key.action in enabled:  # FooterKey keeps its own flag and class, not Widget.disabled
                key._disabled = not enabled[key.action]
                key.set_class(key._disabled, "-disabled")
        self._shown_enabled = enabled

    def _drop_dead_watchers(self) -> None:
        watchers: dict[str, list] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries
                          if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]

    def _narrow(self) -> bool:
        return self.app.size.width < NARROW

    def on_resize(self) -> None:
        if self._shown_layout is not None and self._shown_layout[-1] != self._narrow():
            self.call_after_refresh(self.recompose)

    def _undo_label(self) -> str | None:
        return self.app.runner.undo_label() if hasattr(self.app, "runner") else None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown_layout, self._shown_enabled = self._keys_now()
        # Ctrl+Z says what it will undo ("Ongedaan: Afspraak toegevoegd"), not just that it undoes,
        # and comes first: the app's keys come last and are cut off first on a narrow terminal.
        # (Teambord binds no key groups, so reordering the flat list of keys is safe.)
        widgets = list(self._compose_keys())
        if self._narrow():
            widgets = [w for w in widgets if not (isinstance(w, FooterKey) and "switch_mode" in w.action)]
        label = self._undo_label()
        for widget in widgets:
            if isinstance(widget, FooterKey):
                # Born compact: the key's compact watcher then finds its class already set and does
                # not restyle each key once more as it mounts (~40 restyles per screen opened).
                widget.set_class(self.compact, "-compact", update=False)
            if isinstance(widget, FooterKey) and widget.action in UNDO_ACTIONS and label:
                widget.description = f"Ongedaan: {_short(label)}"
        widgets.sort(key=lambda w: not (isinstance(w, FooterKey) and w.action in UNDO_ACTIONS))
        yield from widgets


    def _compose_keys(self) -> ComposeResult:
        """Textual's Footer.compose without key groups (Teambord has none), over `footer_bindings`."""
        if not self._bindings_ready:
            return
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for binding, enabled, tooltip in footer_bindings(self.screen):
            by_action.setdefault(binding.action, (binding, enabled, tooltip))
        self.styles.grid_size_columns = len(by_action)
        for binding, enabled, tooltip in by_action.values():
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if active is not None:
                _node, binding, enabled, _tooltip = active
                yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                                classes="-command-palette", disabled=not enabled,
                                tooltip=binding.tooltip or binding.description)


def footer_bindings(screen: Screen) -> list[tuple[Binding, bool, str]]:
    """The shown keys of `screen`, as Screen.active_bindings finds them, except that a focused
    widget's hidden key does not hide the section's shown key for the same key: a DataTable's own
    Enter (select the row) took "⏎ Openen" out of every section's footer, while Enter still opens."""
    app = screen.app
    chosen: dict[str, tuple[Binding, bool, str]] = {}
    for namespace, bindings in screen._modal_binding_chain:
        for key, binding in bindings:
            state = app._check_action_state(binding.action, namespace)
            if state is False:  # not available here, and not shown
                continue
            current = chosen.get(key)
            if (current is None or (binding.priority and not current[0].priority)
                    or (binding.show and not current[0].show and not current[0].priority)):
                chosen[key] = (binding, bool(state), binding.tooltip)
    return [entry for entry in chosen.values() if entry[0].show]


def _short(text: str, width: int = 32) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
