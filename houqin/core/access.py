"""Who may do what: actors, their grants, and the check every service makes.

Deny by default: an actor holds only the permissions its roles give, each
optionally limited to one campus or one department.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping

import attrs

from houqin.core.errors import PermissionDenied
from houqin.core.i18n import N_, Text
from houqin.core.types import PermissionSpec, RoleSpec

ADMIN_ROLE = "admin"


@attrs.frozen
class Grant:
    """A permission, for every object or only those of one campus or department."""

    permission: str
    campus_id: int | None = None
    department_id: int | None = None

    def covers(self, campus_id: int | None, department_id: int | None) -> bool:
        if self.campus_id is not None and self.campus_id != campus_id:
            return False
        return self.department_id is None or self.department_id == department_id


@attrs.frozen
class Scope:
    """What part of the school a permission reaches: everything, or these campuses/departments."""

    everything: bool
    campus_ids: frozenset[int] = frozenset()
    department_ids: frozenset[int] = frozenset()

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.campus_ids and not self.department_ids


@attrs.frozen
class Actor:
    """The person (or operator) a unit of work acts for; recorded in every audit event."""

    name: str
    user_id: int | None = None
    grants: frozenset[Grant] = frozenset()
    superuser: bool = False

    def can(
        self, permission: str, *, campus_id: int | None = None, department_id: int | None = None
    ) -> bool:
        if self.superuser:
            return True
        return any(
            g.permission == permission and g.covers(campus_id, department_id) for g in self.grants
        )

    def scope(self, permission: str) -> Scope:
        """Where ``permission`` reaches, for filtering lists in SQL."""
        if self.superuser:
            return Scope(everything=True)
        mine = [g for g in self.grants if g.permission == permission]
        if any(g.campus_id is None and g.department_id is None for g in mine):
            return Scope(everything=True)
        return Scope(
            everything=False,
            campus_ids=frozenset(g.campus_id for g in mine if g.campus_id is not None),
            department_ids=frozenset(g.department_id for g in mine if g.department_id is not None),
        )


def visitor(source: str) -> Actor:
    """Someone not logged in yet (a login form), named by where they come from."""
    return Actor(name=f"visitor@{source}"[:120])


def operator_actor() -> Actor:
    """The person at the server's command line: full rights, named after the OS account."""
    try:
        who = getpass.getuser()
    except OSError:
        who = "unknown"
    return Actor(name=f"cli:{who}", superuser=True)


class AccessRegistry:
    """Permissions and roles declared by the core and the enabled plugins."""

    def __init__(self, permissions: Iterable[PermissionSpec], roles: Iterable[RoleSpec]) -> None:
        self.permissions: dict[str, PermissionSpec] = {p.name: p for p in permissions}
        self.roles: dict[str, RoleSpec] = {r.name: r for r in roles}
        self.role_permissions: dict[str, frozenset[str]] = {
            name: frozenset(p.name for p in self.permissions.values() if name in p.default_roles)
            for name in self.roles
        }
        self.role_permissions[ADMIN_ROLE] = frozenset(self.permissions)

    def label(self, permission: str) -> Text:
        spec = self.permissions.get(permission)
        return spec.label if spec is not None else permission

    def grants_for(
        self, assignments: Iterable[tuple[str, int | None, int | None]]
    ) -> frozenset[Grant]:
        """Expand (role, campus, department) assignments into grants; unknown roles give none."""
        grants: set[Grant] = set()
        for role, campus_id, department_id in assignments:
            for permission in self.role_permissions.get(role, frozenset()):
                grants.add(Grant(permission, campus_id, department_id))
        return frozenset(grants)

    def permissions_by_role(self) -> Mapping[str, frozenset[str]]:
        return self.role_permissions


def require(
    actor: Actor,
    permission: str,
    *,
    campus_id: int | None = None,
    department_id: int | None = None,
    label: Text | None = None,
) -> None:
    """Refuse with :class:`PermissionDenied` unless ``actor`` holds ``permission`` here."""
    if not actor.can(permission, campus_id=campus_id, department_id=department_id):
        raise PermissionDenied(
            N_(
                "{actor} may not do this: it needs the permission “{permission}”",
                actor=actor.name,
                permission=label if label is not None else permission,
            )
        )
