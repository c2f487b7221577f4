"""One object of any kind: every field with its label; e changes it, d removes it.

a opens the object's actions (lend, approve…) and p its documents, those the
user may use on the object as it is now; the command palette lists each one.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

import attrs
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label

from houqin.core.audit import VIEW as AUDIT_VIEW
from houqin.core.audit import latest_events
from houqin.core.commands import describe_command
from houqin.core.i18n import N_, Text, _, render
from houqin.core.kinds import ObjectKind, RelatedLink, related_links
from houqin.core.settings import get_setting
from houqin.frontends.tui import kind_actions
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.screens.base import houqin_app, session_of
from houqin.frontends.tui.screens.choose import ChooseScreen
from houqin.frontends.tui.widgets.footer import HouqinFooter
from houqin.frontends.tui.widgets.history_view import HistoryView
from houqin.frontends.tui.widgets.record_view import RecordView


def field_labels(kind: ObjectKind) -> dict[str, Text]:
    """Labels for a record's attributes: the command's, then the kind's extra columns'."""
    labels: dict[str, Text] = {spec.name: spec.label for spec in describe_command(kind.command)}
    labels.update({column.name: column.label for column in kind.extra_columns})
    return labels


def shown_fields(kind: ObjectKind, record: Any) -> list[tuple[str, Any]]:
    """(label, value) for each attribute a person reads, in the form's order; no ids."""
    labels = field_labels(kind)
    names = [a.name for a in attrs.fields(type(record))] if attrs.has(type(record)) else []
    ordered = [n for n in labels if n in names] + [n for n in names if n not in labels]
    return [
        (render(labels[name]) if name in labels else name, getattr(record, name))
        for name in ordered
        if name != "id" and not name.endswith("_id")
    ]


class KindDetailScreen(Screen[bool]):
    """Shows the object ``object_id``; dismissed with True when it was changed or removed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "back", N_("Back")),
        key("e", "edit", N_("Edit")),
        key("a", "act", N_("Actions")),
        key("p", "print", N_("Print")),
        key("l", "related", N_("Lists")),
        key("d", "delete", N_("Remove")),
    ]

    def __init__(self, kind: ObjectKind, object_id: int) -> None:
        super().__init__()
        self.kind = kind
        self.object_id = object_id
        self.record: Any = None
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Label("", classes="screen-title", id="detail-title")
            yield RecordView(id="record")
            yield Label(_("History"), classes="section-title", id="history-title")
            yield HistoryView(id="history")
        yield HouqinFooter()

    def on_mount(self) -> None:
        app = houqin_app(self)
        self.title = app.school_title()
        self.sub_title = render(self.kind.plural)
        self.show_record()

    def show_record(self) -> None:
        session = session_of(self)
        audit_type = self.kind.audit_type
        with Reporting(self.app):
            with session.read() as uow:
                self.record = self.kind.get(uow, self.object_id)
                history = (
                    latest_events(uow, object_type=audit_type, object_id=str(self.object_id))
                    if audit_type and session.actor.can(AUDIT_VIEW)
                    else None
                )
                zone = str(get_setting(uow, "school.timezone"))
            self.query_one("#detail-title", Label).update(self.kind.title(self.record))
            self.query_one(RecordView).show(shown_fields(self.kind, self.record))
            self.query_one("#history-title").display = history is not None
            self.query_one(HistoryView).show(history or [], zone)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            service = self.kind.update if action == "edit" else self.kind.delete
            session = houqin_app(self).session
            if service is None or session is None or not session.can(self.kind.manage_permission):
                return False  # a read-only kind, or not this user's to do: hidden
            return True if self.record is not None else None  # None: shown, but greyed
        if action == "act":
            return bool(self.record is not None and self._actions())
        if action == "print":
            return bool(self.record is not None and self._documents())
        if action == "related":
            return bool(self.record is not None and self._related())
        return True

    def _actions(self) -> list[Any]:
        return kind_actions.actions_for(houqin_app(self), self.kind, self.record)

    def _documents(self) -> list[Any]:
        return kind_actions.documents_for(houqin_app(self), self.kind, self.record)

    def action_act(self) -> None:
        if self.record is not None:
            kind_actions.choose_action(houqin_app(self), self.kind, self.record, self._acted)

    def _acted(self, _result: Any) -> None:
        self.changed = True
        self.show_record()
        self.refresh_bindings()

    def _related(self) -> list[RelatedLink]:
        app = houqin_app(self)
        session = app.session
        if session is None:
            return []
        return related_links(app.school.kinds, self.kind, self.record, session.can)

    def action_related(self) -> None:
        """Open a list that belongs to this object (an asset's movements, a count's results)."""
        links = self._related()
        if len(links) == 1:
            self._open_related(links[0])
            return

        def chosen(name: str | None) -> None:
            found = next((link for link in links if link.related.kind == name), None)
            if found is not None:
                self._open_related(found)

        choices = [(link.related.kind, render(link.related.label)) for link in links]
        self.app.push_screen(ChooseScreen(self.kind.title(self.record), choices), chosen)

    def _open_related(self, link: RelatedLink) -> None:
        from houqin.frontends.tui.screens.kind_list import KindListScreen

        self.app.push_screen(KindListScreen(link.kind, {link.related.filter: link.value}))

    def action_print(self) -> None:
        if self.record is not None:
            kind_actions.choose_document(houqin_app(self), self.kind, self.record)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """Each action and document the user may use on this object, by name."""
        app = houqin_app(self)
        if self.record is None:
            return []
        found: list[tuple[str, str, Any]] = [
            (
                render(a.label),
                render(a.help) or _("Action on {title}", title=self.kind.title(self.record)),
                partial(kind_actions.open_action_form, app, self.kind, a, self.record, self._acted),
            )
            for a in self._actions()
        ]
        found += [
            (
                _("Print: {what}", what=render(d.label)),
                _("Show the document, then save it as .html or .xlsx"),
                partial(kind_actions.open_document, app, self.kind, d, self.record),
            )
            for d in self._documents()
        ]
        return found

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def action_edit(self) -> None:
        kind_actions.open_edit_form(houqin_app(self), self.kind, self.object_id, self._edited)

    def _edited(self, _record: Any) -> None:
        self.changed = True
        self.show_record()

    def action_delete(self) -> None:
        if self.record is not None:
            kind_actions.confirm_delete(houqin_app(self), self.kind, self.record, self._removed)

    def _removed(self, _record: Any) -> None:
        self.changed = True
        self.dismiss(True)
