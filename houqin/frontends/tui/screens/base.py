"""What every main screen shares: the header, the sidebar, the footer, and the session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Header

from houqin.core.i18n import N_
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.session import Session
from houqin.frontends.tui.widgets.footer import HouqinFooter
from houqin.frontends.tui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from houqin.frontends.tui.app import HouqinApp


def houqin_app(node: DOMNode) -> HouqinApp:
    """The running houqin app, typed."""
    return cast("HouqinApp", node.app)


def session_of(node: DOMNode) -> Session:
    """The logged-in session (main screens exist only while someone is logged in)."""
    session = houqin_app(node).session
    assert session is not None, "this screen needs a logged-in user"
    return session


class MainScreen(Screen[None]):
    """A screen with the header, the sidebar on the left and the footer.

    Subclasses give :meth:`compose_main`; ``target`` names the screen for the
    sidebar (``kind:rooms``…) so its entry is highlighted. A plugin's screen
    may subclass this too, to look like the rest of the app.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        key("f2", "toggle_sidebar", N_("Menu")),
    ]

    target: str | None = None

    @property
    def session(self) -> Session:
        return session_of(self)

    def reporting(self) -> Reporting:
        """A block whose failure is shown as a message (see :class:`Reporting`)."""
        return Reporting(self.app)

    def compose(self) -> ComposeResult:
        app = houqin_app(self)
        yield Header()
        with Horizontal(id="body"):
            yield Sidebar(app.navigation(), current=self.target)
            with Vertical(id="main"):
                yield from self.compose_main()
        yield HouqinFooter()

    def compose_main(self) -> ComposeResult:
        """The screen's own widgets, right of the sidebar."""
        yield from ()

    def on_mount(self) -> None:
        app = houqin_app(self)
        self.title = app.school_title()
        self.sub_title = app.user_title()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.focus()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """Commands of this screen for the palette: (title, help, callback)."""
        return []
