"""The terminal interface's contract with plugins: screens and palette commands.

These hooks are separate from the core's (:mod:`houqin.core.hookspecs`) so that
the core and the web site never import Textual, and this module itself does
not either: a plugin's screen factory is only called once the app runs. A
plugin implements the hooks in a module of its own, marked with this module's
``hookimpl``, and registers that module under its plugin's name in the
``houqin.tui`` entry-point group:

.. code-block:: toml

    [project.entry-points."houqin.tui"]
    dorms = "my_dorms.tui"

The object kinds a plugin declares through the core's ``houqin_object_kinds``
get their list, detail and form screens by themselves; these hooks are for
everything else. The app calls a plugin's hooks only while the plugin is
enabled for the school, and each name a plugin contributes starts with
``<plugin>.``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from houqin.core.i18n import Text

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from houqin.frontends.tui.session import Session

PROJECT = "houqin_tui"
ENTRY_POINT_GROUP = "houqin.tui"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@attrs.frozen
class TuiScreen:
    """A screen of the plugin's own, with an entry in the sidebar and the command palette.

    ``make`` receives the logged-in :class:`~houqin.frontends.tui.session.Session`
    and returns the screen; subclass
    :class:`~houqin.frontends.tui.screens.base.MainScreen` to get the header,
    the sidebar and the footer every main screen has. ``area`` puts the entry
    under that area's heading (none: under "More"); only people who hold
    ``permission`` see it.
    """

    name: str
    label: Text
    make: Callable[[Session], Screen[Any]]
    permission: str
    area: str | None = None
    order: int = 100


@attrs.frozen
class TuiCommand:
    """An action in the command palette (ctrl+p), for people who hold ``permission``.

    ``run`` receives the running app, so it may push a screen, open a form or
    show a message; its failures are reported in the app like any other.
    """

    name: str
    label: Text
    run: Callable[[App[Any]], object]
    permission: str
    help: Text = ""


@hookspec
def houqin_tui_screens() -> Iterable[TuiScreen]:  # type: ignore[empty-body]
    """Give the plugin's own screens, each with an entry in the sidebar.

    Called once, when the app starts; after a login the app keeps the entries whose
    ``permission`` the user holds, orders them by ``order`` under their area,
    and offers each in the command palette as well. A screen reads and writes
    through the session it is given (``session.read()``, ``session.write()``),
    so services check permissions as they do for every other frontend.

    Example::

        class RollCallScreen(MainScreen):
            def compose_main(self):
                yield ScannerInput(placeholder="scan a bed tag")

        @hookimpl
        def houqin_tui_screens():
            return [TuiScreen("dorms.roll_call", N_("Roll call"), RollCallScreen,
                              permission="dorms.roll_call", area="dorms")]
    """


@hookspec
def houqin_tui_commands() -> Iterable[TuiCommand]:  # type: ignore[empty-body]
    """Add actions to the command palette (ctrl+p) beside the app's own.

    Called once, when the app starts; the palette offers the commands whose
    ``permission`` the logged-in user holds. Keep ``run`` short: open a screen or a form, or
    call one service inside ``session.write()``.

    Example::

        def print_labels(app):
            app.push_screen(LabelPrintScreen(app.session))

        @hookimpl
        def houqin_tui_commands():
            return [TuiCommand("dorms.print_labels", N_("Print bed labels"), print_labels,
                               permission="dorms.manage")]
    """
