"""Create, change and remove an object of any kind; run its actions; show its documents.

The list screen, the detail screen and the command palette all call these,
so the three ways of doing a thing behave the same. An action opens the
form of its command (starting from its ``prefill``) and runs in one
transaction; a document with parameters asks for them first, then shows
on a :class:`~houqin.frontends.tui.screens.document.DocumentScreen` that
saves it as HTML or .xlsx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from houqin.core.commands import field, input_values, not_blank
from houqin.core.i18n import N_, LazyText, _, render
from houqin.core.kinds import KindAction, KindDocument, ObjectKind
from houqin.core.printing import SAVE_SUFFIXES, PrintDoc, save
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.screens.choose import ChooseScreen
from houqin.frontends.tui.screens.confirm import ConfirmScreen
from houqin.frontends.tui.screens.form import FormScreen

if TYPE_CHECKING:
    from houqin.frontends.tui.app import HouqinApp

Done = Callable[[Any], None]


def open_create_form(app: HouqinApp, kind: ObjectKind, on_done: Done | None = None) -> None:
    """Ask for a new object of ``kind``; ``on_done`` receives it once saved."""
    session = app.session
    create = kind.create
    if session is None or create is None:
        return

    def saved(record: Any) -> None:
        if record is None:
            return
        app.notify(_("Saved: {title}", title=kind.title(record)), title=render(kind.plural))
        if on_done is not None:
            on_done(record)

    app.push_screen(
        FormScreen(_("New {what}", what=render(kind.label)), kind.command, create, session),
        saved,
    )


def open_edit_form(
    app: HouqinApp, kind: ObjectKind, object_id: int, on_done: Done | None = None
) -> None:
    """Change the object ``object_id``, starting from its current values."""
    session = app.session
    update = kind.update
    if session is None or update is None:
        return
    with Reporting(app):
        with session.read() as uow:
            record = kind.get(uow, object_id)

        def submit(uow: Any, command: Any) -> Any:
            return update(uow, object_id, command)

        def saved(changed: Any) -> None:
            if changed is None:
                return
            app.notify(_("Saved: {title}", title=kind.title(changed)), title=render(kind.plural))
            if on_done is not None:
                on_done(changed)

        app.push_screen(
            FormScreen(
                _("Change {title}", title=kind.title(record)),
                kind.command,
                submit,
                session,
                input_values(kind.command, record),
            ),
            saved,
        )


def confirm_delete(
    app: HouqinApp, kind: ObjectKind, record: Any, on_done: Done | None = None
) -> None:
    """Ask before removing ``record``; remove it in one transaction when confirmed."""
    session = app.session
    delete = kind.delete
    if session is None or delete is None:
        return
    title = kind.title(record)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        with Reporting(app):
            with session.write() as uow:
                delete(uow, record.id)
            app.notify(_("Removed: {title}", title=title), title=render(kind.plural))
            if on_done is not None:
                on_done(record)

    app.push_screen(
        ConfirmScreen(
            _("Remove this {what}?", what=render(kind.label)),
            _("{title} will be removed. This cannot be undone.", title=title),
            yes=_("Remove"),
        ),
        answered,
    )


def actions_for(app: HouqinApp, kind: ObjectKind, record: Any = None) -> list[KindAction]:
    """The actions the user may take: on ``record`` as it is now, or on the kind (None)."""
    session = app.session
    if session is None:
        return []
    return [
        a
        for a in kind.actions
        if a.on_object == (record is not None)
        and session.can(a.permission)
        and (record is None or a.offered_for(record))
    ]


def documents_for(app: HouqinApp, kind: ObjectKind, record: Any = None) -> list[KindDocument]:
    """The documents the user may print: of ``record``, or of the kind (None)."""
    session = app.session
    if session is None:
        return []
    return [
        d
        for d in kind.documents
        if d.on_object == (record is not None)
        and session.can(d.permission)
        and (record is None or d.offered_for(record))
    ]


def choose_action(
    app: HouqinApp, kind: ObjectKind, record: Any = None, on_done: Done | None = None
) -> None:
    """Ask which action to take (on ``record``, or on the kind), then open its form."""
    offered = actions_for(app, kind, record)
    if len(offered) == 1:
        open_action_form(app, kind, offered[0], record, on_done)
        return

    def chosen(name: str | None) -> None:
        action = kind.action(name) if name else None
        if action is not None:
            open_action_form(app, kind, action, record, on_done)

    title = kind.title(record) if record is not None else render(kind.plural)
    app.push_screen(ChooseScreen(title, [(a.name, render(a.label)) for a in offered]), chosen)


def open_action_form(
    app: HouqinApp,
    kind: ObjectKind,
    action: KindAction,
    record: Any = None,
    on_done: Done | None = None,
) -> None:
    """The form of ``action``; run on ``record`` (or on the kind) when saved."""
    session = app.session
    if session is None:
        return
    with Reporting(app):
        values: dict[str, Any] = {}
        if record is not None and action.prefill is not None:
            with session.read() as uow:
                values = action.prefill(uow, record)

        def submit(uow: Any, command: Any) -> Any:
            if record is not None:
                return action.run(uow, record.id, command)
            return action.run(uow, command)

        def finished(result: Any) -> None:
            if result is None:
                return
            made = result[0] if isinstance(result, tuple | list) and result else result
            shown = app.school.kinds.get(action.result_kind or kind.name, kind)
            what = shown.title(made) if hasattr(made, "id") else ""
            app.notify(
                _("Done: {action} {what}", action=render(action.label), what=what).strip(),
                title=render(kind.plural),
            )
            if on_done is not None:
                on_done(result)

        title = render(action.label)
        if record is not None:
            title = f"{title}: {kind.title(record)}"
        app.push_screen(
            FormScreen(title, action.command, submit, session, values, intro=render(action.help)),
            finished,
        )


def choose_document(app: HouqinApp, kind: ObjectKind, record: Any = None) -> None:
    """Ask which document to show (when there are several), then show it."""
    offered = documents_for(app, kind, record)
    if len(offered) == 1:
        open_document(app, kind, offered[0], record)
        return

    def chosen(name: str | None) -> None:
        document = kind.document(name) if name else None
        if document is not None:
            open_document(app, kind, document, record)

    title = _("Print")
    app.push_screen(ChooseScreen(title, [(d.name, render(d.label)) for d in offered]), chosen)


def open_document(
    app: HouqinApp, kind: ObjectKind, document: KindDocument, record: Any = None
) -> None:
    """Build ``document`` (asking for its parameters first, if it has any) and show it."""
    from houqin.frontends.tui.screens.document import DocumentScreen

    session = app.session
    if session is None:
        return

    def build(uow: Any, command: Any) -> PrintDoc:
        if record is not None:
            doc: PrintDoc = document.build(uow, record.id, command)
        else:
            doc = document.build(uow, command)
        return doc

    def show(doc: PrintDoc | None) -> None:
        if doc is not None:
            app.push_screen(DocumentScreen(doc))

    if document.command is None:
        with Reporting(app):
            with session.read() as uow:
                doc = build(uow, None)
            show(doc)  # only once it was built: a refusal was shown instead
        return
    app.push_screen(
        FormScreen(
            _("Print: {what}", what=render(document.label)), document.command, build, session
        ),
        show,
    )


def _html_or_xlsx(value: str) -> LazyText | None:
    if Path(value.strip()).suffix.lower() not in SAVE_SUFFIXES:
        return N_("the file name must end in .html or .xlsx")
    return None


def _html(value: str) -> LazyText | None:
    if Path(value.strip()).suffix.lower() not in (".html", ".htm"):
        return N_("the file name must end in .html")
    return None


@attrs.frozen
class SaveAs:
    """Where to write a document."""

    path: str = field(
        label=N_("File"),
        help=N_("Ends in .html (to print from a browser) or .xlsx (a workbook)"),
        checks=(not_blank, _html_or_xlsx),
    )


@attrs.frozen
class SaveLabels:
    """Where to write a page of asset labels."""

    path: str = field(
        label=N_("File"),
        help=N_("An .html page; open it in a browser and print it on A4"),
        checks=(not_blank, _html),
    )


def ask_where_to_save(app: HouqinApp, doc: PrintDoc) -> None:
    """Ask for a file name, then write ``doc`` there as HTML or .xlsx."""
    session = app.session
    if session is None:
        return

    def write(_uow: Any, command: SaveAs) -> Path:
        return save(doc, Path(command.path.strip()).expanduser())

    def written(path: Path | None) -> None:
        if path is not None:
            app.notify(_("Written to {path}", path=path), title=render(doc.title))

    app.push_screen(
        FormScreen(_("Save as"), SaveAs, write, session, {"path": f"{doc.file_name}.html"}),
        written,
    )


def save_labels(app: HouqinApp, search: str | None, filters: dict[str, str]) -> None:
    """Ask for a file name, then write the labels of the assets the list shows there."""
    from houqin.core.assets.labels import labelled_assets, render_labels

    session = app.session
    if session is None:
        return

    def write(uow: Any, command: SaveLabels) -> tuple[Path, int]:
        found = labelled_assets(uow, search=search, **filters)
        path = Path(command.path.strip()).expanduser()
        path.write_text(render_labels(uow, found), encoding="utf-8")
        return path, len(found)

    def written(outcome: tuple[Path, int] | None) -> None:
        if outcome is not None:
            path, count = outcome
            app.notify(_("{count} labels written to {path}", count=count, path=path))

    app.push_screen(
        FormScreen(_("Print labels"), SaveLabels, write, session, {"path": "labels.html"}),
        written,
    )
