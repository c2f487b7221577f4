"""What a view needs from the request: the school, the actor, and refusals.

Plugin views use these too::

    from houqin.frontends.web.context import current_actor, current_school

    with current_school().read(current_actor()) as uow:
        ...
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from flask import current_app, flash, g

from houqin.core.errors import PermissionDenied
from houqin.core.i18n import N_, Text, render

if TYPE_CHECKING:
    from houqin.core.access import Actor
    from houqin.core.org.model import User
    from houqin.core.school import School

T = TypeVar("T")


def current_school() -> School:
    """The school as it is for this request (reloaded when a module was switched on or off)."""
    school: School = g.houqin_school
    return school


def current_actor() -> Actor:
    """The logged-in user's actor; every page but the login page has one."""
    actor: Actor | None = g.get("houqin_actor")
    if actor is None:
        raise PermissionDenied(N_("please log in first"))
    return actor


def current_account() -> User | None:
    """The logged-in user's account record, or None on the login page."""
    account: User | None = g.get("houqin_account")
    return account


def kept(key: Hashable, work_out: Callable[[], T]) -> T:
    """``work_out()``, worked out once while the school's data stays as it is.

    For what depends on the school's data alone, never on who asks: a filter's
    choices, a setting, an account as shown. Kept by
    :class:`~houqin.frontends.web.state.KeptData` against the data version read
    as the request began (so not a change the request itself makes).
    """
    version: int | None = g.get("houqin_data_version")
    if version is None:
        return work_out()
    data = current_app.extensions["houqin_kept"]
    value: T = data.get(current_school(), version, key, work_out)
    return value


def may(permission: str) -> bool:
    """Whether the actor holds ``permission`` anywhere (for showing a link or a button)."""
    actor: Actor | None = g.get("houqin_actor")
    return actor is not None and not actor.scope(permission).nothing


def require_some(permission: str) -> None:
    """Refuse a page that only leads to a service the actor could never use.

    A form page (a new room, an import) calls no service until it is sent; the
    service then checks the exact campus or department. Here the web only hides
    what the core would refuse: someone without ``permission`` anywhere.
    """
    actor = current_actor()
    if actor.scope(permission).nothing:
        raise PermissionDenied(
            N_(
                "{actor} may not do this: it needs the permission “{permission}”",
                actor=actor.name,
                permission=current_school().access.label(permission),
            )
        )


def notify(message: Text, category: str = "success") -> None:
    """Show ``message`` on the next page, in the language of this request."""
    flash(render(message), category)
