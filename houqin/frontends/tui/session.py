"""The logged-in user's session: who they are, and units of work acting for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from houqin.core.access import Actor
from houqin.core.org.users import current_actor
from houqin.core.school import School
from houqin.core.uow import UnitOfWork


class Session:
    """One login: the school, the actor, and the session number the login began with.

    Screens call services inside :meth:`read` and :meth:`write`; the core
    checks permissions there, as it does for the web and the command line.
    """

    def __init__(
        self,
        school: School,
        actor: Actor,
        session_version: int,
        clock: Callable[[], datetime],
    ) -> None:
        assert actor.user_id is not None, "a session belongs to a user account"
        self.school = school
        self.actor = actor
        self.user_id: int = actor.user_id
        self.session_version = session_version
        self.clock = clock

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A unit of work for reading, acting for the logged-in user."""
        with self.school.read(self.actor) as uow:
            yield uow

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """One transaction for the logged-in user: committed at the end, undone on error."""
        with self.school.write(self.actor) as uow:
            yield uow

    def refresh(self) -> bool:
        """Read the user's roles again; False when the session has ended since it began.

        A session ends when the password changes, the account is switched off
        or the user logs out everywhere.
        """
        with self.school.read(self.actor) as uow:
            actor = current_actor(uow, self.user_id, self.session_version)
        if actor is None:
            return False
        self.actor = actor
        return True

    def can(self, permission: str) -> bool:
        """Whether the user holds ``permission`` anywhere (some campus or department)."""
        return not self.actor.scope(permission).nothing
