"""What can be done to an account: a new password, a role more, switching it off or on.

The users list, an account's detail screen and the command palette call
these, so the three ways behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, _, render
from houqin.core.org.model import PasswordChange, PasswordReset, RoleAssignment, RoleGrant, User
from houqin.core.org.users import (
    Login,
    change_own_password,
    grant_role,
    reset_password,
    set_active,
)
from houqin.core.uow import UnitOfWork
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.screens.confirm import ConfirmScreen
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.session import Session

if TYPE_CHECKING:
    from houqin.frontends.tui.app import HouqinApp

Done = Callable[[Any], None]


def describe_roles(session: Session, roles: tuple[RoleAssignment, ...]) -> str:
    """``Storekeeper (本部)``-style text for a user's roles and their scopes."""
    parts = []
    for role in roles:
        spec = session.school.access.roles.get(role.role)
        name = render(spec.label) if spec is not None else role.role
        scope = role.campus or role.department
        parts.append(f"{name} ({scope})" if scope else name)
    return ", ".join(parts)


def open_password_form(app: HouqinApp, username: str, *, own: bool = False) -> None:
    """A new password: one's own (with the current one), or anyone's for an administrator.

    The account's other sessions end; one's own session goes on.
    """
    session = app.session
    if session is None:
        return
    if own:

        def refused(login: Login) -> InvalidInput | None:
            if login.actor is not None:
                return None
            return InvalidInput.single("current", login.refusal or N_("wrong password"))

        def changed(login: Login | None) -> None:
            if login is not None and login.actor is not None:
                session.session_version = login.session_version
                app.notify(_("Your password was changed."))

        form = FormScreen(
            _("Change my password"), PasswordChange, change_own_password, session, refused=refused
        )
        app.push_screen(form, changed)
        return

    def reset(uow: UnitOfWork, command: PasswordReset) -> str:
        reset_password(uow, username, command)
        return username

    def done(result: str | None) -> None:
        if result is not None:
            app.notify(_("The password of {name} was changed.", name=username))

    title = _("New password for {name}", name=username)
    app.push_screen(FormScreen(title, PasswordReset, reset, session), done)


def open_grant_form(app: HouqinApp, username: str, on_done: Done | None = None) -> None:
    """Give ``username`` one more role, for the whole school or one campus or department."""
    session = app.session
    if session is None:
        return

    def grant(uow: UnitOfWork, command: RoleGrant) -> User:
        return grant_role(
            uow, username, command.role, campus=command.campus, department=command.department
        )

    def done(user: User | None) -> None:
        if user is not None:
            app.notify(
                _(
                    "{name} now has: {roles}",
                    name=username,
                    roles=describe_roles(session, user.roles),
                )
            )
            if on_done is not None:
                on_done(user)

    roles = session.school.roles()
    known = ", ".join(f"{role.name} ({render(role.label)})" for role in roles)
    form = FormScreen(
        _("A role for {name}", name=username),
        RoleGrant,
        grant,
        session,
        intro=_("Roles: {known}", known=known),
    )
    app.push_screen(form, done)


def toggle_active(app: HouqinApp, user: User, on_done: Done | None = None) -> None:
    """Switch ``user`` off (after asking) or on again."""
    session = app.session
    if session is None:
        return

    def apply(active: bool) -> None:
        with Reporting(app):
            with session.write() as uow:
                changed = set_active(uow, user.username, active)
            name = user.username
            app.notify(
                _("{name} can log in again.", name=name)
                if active
                else _("{name} is switched off.", name=name)
            )
            if on_done is not None:
                on_done(changed)

    if not user.active:
        apply(True)
        return
    question = ConfirmScreen(
        _("Switch off {name}?", name=user.username),
        _("{name} will no longer be able to log in; their history stays.", name=user.username),
        yes=_("Switch off"),
    )
    app.push_screen(question, lambda yes: apply(False) if yes else None)
