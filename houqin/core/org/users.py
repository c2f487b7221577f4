"""User accounts: logins for staff, their roles and scopes, and password checks.

Passwords are hashed with Argon2id (argon2-cffi); the hash is never returned
from a service or written to the audit log.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import attrs
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from houqin.core.access import ADMIN_ROLE, Actor, require
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import LANGUAGES, N_, LazyText, normalize_language
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as t
from houqin.core.org.model import (
    PasswordChange,
    PasswordReset,
    RoleAssignment,
    User,
    UserInput,
)
from houqin.core.org.plugin import MANAGE_USERS
from houqin.core.org.service import campus_id, department_id, person_id
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(uow: UnitOfWork, password: str, field: str = "password") -> None:
    shortest = int(get_setting(uow, "auth.password_min_length"))
    if len(password) < shortest:
        raise InvalidInput.single(
            field, N_("at least {count} characters are needed", count=shortest)
        )


def _require_manage(uow: UnitOfWork) -> None:
    require(uow.actor, MANAGE_USERS, label=uow.school.access.label(MANAGE_USERS))


def _check_role(uow: UnitOfWork, role: str) -> None:
    if role not in uow.school.access.roles:
        known = ", ".join(sorted(uow.school.access.roles))
        raise InvalidInput.single(
            "role", N_("unknown role {role}; roles: {known}", role=role, known=known)
        )


def _roles_of(uow: UnitOfWork, user_ids: Iterable[int]) -> dict[int, list[RoleAssignment]]:
    ids = list(user_ids)
    found: dict[int, list[RoleAssignment]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = uow.conn.execute(
        sa.select(
            t.user_role.c.user_id,
            t.user_role.c.role,
            t.campus.c.name.label("campus"),
            t.department.c.name.label("department"),
        )
        .outerjoin(t.campus, t.campus.c.id == t.user_role.c.campus_id)
        .outerjoin(t.department, t.department.c.id == t.user_role.c.department_id)
        .where(t.user_role.c.user_id.in_(ids))
        .order_by(t.user_role.c.user_id, t.user_role.c.role, t.user_role.c.id)
    )
    for row in rows:
        found[row.user_id].append(RoleAssignment(row.role, row.campus, row.department))
    return found


_user_q = sa.select(
    t.user_account.c.id,
    t.user_account.c.username,
    t.user_account.c.display_name,
    t.person.c.name.label("person"),
    t.user_account.c.language,
    t.user_account.c.active,
).outerjoin(t.person, t.person.c.id == t.user_account.c.person_id)


def _user(row: Any, roles: list[RoleAssignment]) -> User:
    return User(
        row["id"],
        row["username"],
        row["display_name"],
        row["person"],
        row["language"],
        bool(row["active"]),
        tuple(roles),
    )


def _user_id(uow: UnitOfWork, username: str) -> int:
    found = uow.conn.execute(
        sa.select(t.user_account.c.id).where(t.user_account.c.username == username)
    ).scalar()
    if found is None:
        raise NotFound(N_("there is no user named {name}", name=username))
    return int(found)


def get_user(uow: UnitOfWork, username: str) -> User:
    """A user by login name, with their roles (the actor may read their own account)."""
    object_id = _user_id(uow, username)
    if uow.actor.user_id != object_id:
        _require_manage(uow)
    row = uow.conn.execute(_user_q.where(t.user_account.c.id == object_id)).mappings().one()
    return _user(row, _roles_of(uow, [object_id])[object_id])


def add_user(uow: UnitOfWork, cmd: UserInput) -> User:
    """Create a login with one role, optionally limited to a campus or department."""
    _require_manage(uow)
    errors = []
    taken = uow.conn.execute(
        sa.select(t.user_account.c.id).where(t.user_account.c.username == cmd.username)
    ).first()
    if taken:
        errors.append(
            InvalidInput.single("username", N_("the user name {name} is taken", name=cmd.username))
        )
    try:
        _check_role(uow, cmd.role)
    except InvalidInput as exc:
        errors.append(exc)
    try:
        _check_password(uow, cmd.password)
    except InvalidInput as exc:
        errors.append(exc)
    if errors:
        raise InvalidInput([e for exc in errors for e in exc.errors])
    person = person_id(uow, cmd.staff_no, "staff_no") if cmd.staff_no else None
    now = utcnow()
    try:
        new_id = uow.conn.execute(
            t.user_account.insert().values(
                username=cmd.username,
                display_name=cmd.display_name or cmd.username,
                password_hash=hash_password(cmd.password),
                person_id=person,
                language=normalize_language(cmd.language) if cmd.language else None,
                active=True,
                created_at=now,
                password_changed_at=now,
            )
        ).inserted_primary_key
    except sa.exc.IntegrityError as exc:
        raise Conflict(N_("the user name {name} is taken", name=cmd.username)) from exc
    assert new_id is not None
    user_id = int(new_id[0])
    _insert_role(uow, user_id, cmd.role, cmd.campus, cmd.department)
    user = get_user(uow, cmd.username)
    uow.record("users.created", "user", user_id, after=uow.school.converter.unstructure(user))
    return user


def _insert_role(
    uow: UnitOfWork, user_id: int, role: str, campus: str | None, department: str | None
) -> RoleAssignment:
    _check_role(uow, role)
    campus_key = campus_id(uow, campus) if campus else None
    department_key = department_id(uow, department) if department else None
    same = uow.conn.execute(
        sa.select(t.user_role.c.id).where(
            t.user_role.c.user_id == user_id,
            t.user_role.c.role == role,
            t.user_role.c.campus_id.is_(None)
            if campus_key is None
            else t.user_role.c.campus_id == campus_key,
            t.user_role.c.department_id.is_(None)
            if department_key is None
            else t.user_role.c.department_id == department_key,
        )
    ).first()
    if same is None:
        uow.conn.execute(
            t.user_role.insert().values(
                user_id=user_id, role=role, campus_id=campus_key, department_id=department_key
            )
        )
    return RoleAssignment(role, campus, department)


def grant_role(
    uow: UnitOfWork,
    username: str,
    role: str,
    *,
    campus: str | None = None,
    department: str | None = None,
) -> User:
    """Give a user one more role (idempotent)."""
    _require_manage(uow)
    user_id = _user_id(uow, username)
    assignment = _insert_role(uow, user_id, role, campus, department)
    uow.record(
        "users.role_granted", "user", user_id, after=uow.school.converter.unstructure(assignment)
    )
    return get_user(uow, username)


def revoke_role(uow: UnitOfWork, username: str, role: str) -> User:
    """Take a role (in every scope) away from a user; the last admin keeps theirs."""
    _require_manage(uow)
    user_id = _user_id(uow, username)
    if role == ADMIN_ROLE and _is_last_admin(uow, user_id):
        raise Conflict(N_("{name} is the last administrator and must stay one", name=username))
    deleted = uow.conn.execute(
        t.user_role.delete().where(t.user_role.c.user_id == user_id, t.user_role.c.role == role)
    ).rowcount
    if not deleted:
        raise NotFound(N_("{name} does not have the role {role}", name=username, role=role))
    uow.record("users.role_revoked", "user", user_id, before={"role": role})
    return get_user(uow, username)


def _is_last_admin(uow: UnitOfWork, user_id: int) -> bool:
    """Whether ``user_id`` is the only active administrator of the whole school.

    An administrator limited to a campus or department is no superuser and
    cannot manage users, so only unscoped ``admin`` roles count.
    """
    whole_school = sa.and_(
        t.user_role.c.role == ADMIN_ROLE,
        t.user_role.c.campus_id.is_(None),
        t.user_role.c.department_id.is_(None),
    )
    holders = set(
        uow.conn.execute(
            sa.select(t.user_role.c.user_id)
            .join(t.user_account, t.user_account.c.id == t.user_role.c.user_id)
            .where(whole_school, t.user_account.c.active)
        ).scalars()
    )
    return holders == {user_id}


def set_password(uow: UnitOfWork, username: str, password: str) -> None:
    """Set a new password: a user for their own account, an administrator for anyone."""
    user_id = _user_id(uow, username)
    if uow.actor.user_id != user_id:
        _require_manage(uow)
    _check_password(uow, password)
    uow.conn.execute(
        t.user_account.update()
        .where(t.user_account.c.id == user_id)
        .values(
            password_hash=hash_password(password),
            password_changed_at=utcnow(),
            session_version=t.user_account.c.session_version + 1,
        )
    )
    uow.record("users.password_changed", "user", user_id)


def set_active(uow: UnitOfWork, username: str, active: bool) -> User:
    """Switch an account off (it can no longer log in) or on again."""
    _require_manage(uow)
    user_id = _user_id(uow, username)
    if not active and _is_last_admin(uow, user_id):
        raise Conflict(N_("{name} is the last administrator and must stay one", name=username))
    values: dict[str, Any] = {"active": active}
    if not active:
        values["session_version"] = t.user_account.c.session_version + 1
    uow.conn.execute(t.user_account.update().where(t.user_account.c.id == user_id).values(**values))
    uow.record(
        "users.activated" if active else "users.deactivated",
        "user",
        user_id,
        after={"active": active},
    )
    return get_user(uow, username)


def list_users(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[User]:
    _require_manage(uow)
    query = _user_q
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(
                t.user_account.c.username.ilike(pattern),
                t.user_account.c.display_name.ilike(pattern),
            )
        )
    page = fetch_page(
        uow.conn,
        query,
        [t.user_account.c.username, t.user_account.c.id],
        lambda row: row,
        after=after,
        limit=limit,
        with_total=with_total,
    )
    roles = _roles_of(uow, [row["id"] for row in page.items])
    return Page([_user(row, roles[row["id"]]) for row in page.items], page.next_cursor, page.total)


def actor_for(uow: UnitOfWork, user_id: int) -> Actor | None:
    """The actor a logged-in user acts as, or None for an unknown or disabled account."""
    row = uow.conn.execute(
        sa.select(t.user_account.c.username, t.user_account.c.active).where(
            t.user_account.c.id == user_id
        )
    ).first()
    if row is None or not row.active:
        return None
    return _actor_of(uow, user_id, row.username)


def _actor_of(uow: UnitOfWork, user_id: int, username: str) -> Actor:
    assignments = [
        (row.role, row.campus_id, row.department_id)
        for row in uow.conn.execute(
            sa.select(
                t.user_role.c.role, t.user_role.c.campus_id, t.user_role.c.department_id
            ).where(t.user_role.c.user_id == user_id)
        )
    ]
    registry = uow.school.access
    return Actor(
        name=username,
        user_id=user_id,
        grants=registry.grants_for(assignments),
        superuser=any(role == ADMIN_ROLE and c is None and d is None for role, c, d in assignments),
    )


def authenticate(uow: UnitOfWork, username: str, password: str) -> Actor | None:
    """The actor for a correct password; None for a wrong name, password or a disabled account.

    This only checks; :func:`log_in` is what a login form calls, since it also
    counts wrong passwords, pauses the account and records the attempt.
    A wrong user name costs the same hashing time as a wrong password, so the
    answer's speed does not tell which names exist.
    """
    row = uow.conn.execute(
        sa.select(t.user_account.c.id, t.user_account.c.password_hash).where(
            t.user_account.c.username == username
        )
    ).first()
    if not _password_matches(row.password_hash if row is not None else None, password):
        return None
    assert row is not None
    return actor_for(uow, row.id)


def _password_matches(stored: str | None, password: str) -> bool:
    try:
        _hasher.verify(stored if stored is not None else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


@attrs.frozen
class Login:
    """The outcome of :func:`log_in`: the actor and session number, or why not."""

    actor: Actor | None
    session_version: int = 0
    refusal: LazyText | None = None


def log_in(uow: UnitOfWork, username: str, password: str) -> Login:
    """Check a login form in a writing unit of work and record the attempt.

    After ``auth.max_failed_logins`` wrong passwords in a row the account is
    paused for ``auth.lockout_minutes``; every attempt is an audit event (the
    security log). Returns rather than raises, so the record of a failed
    attempt is committed.
    """
    wrong = Login(None, refusal=N_("wrong user name or password"))
    row = uow.conn.execute(
        sa.select(t.user_account).where(t.user_account.c.username == username)
    ).first()
    now = utcnow()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        uow.record("users.login_refused_paused", "user", row.id, after={"username": username})
        return Login(
            None,
            refusal=N_("too many wrong passwords: try again in {minutes} minutes", minutes=minutes),
        )
    if not _password_matches(row.password_hash if row is not None else None, password):
        if row is None:
            uow.record("users.login_failed", "user", username[:60], after={"username": username})
            return wrong
        failures = row.failed_logins + 1
        values: dict[str, Any] = {"failed_logins": failures}
        paused = failures >= int(get_setting(uow, "auth.max_failed_logins"))
        if paused:
            minutes = int(get_setting(uow, "auth.lockout_minutes"))
            values = {"failed_logins": 0, "locked_until": now + timedelta(minutes=minutes)}
        uow.conn.execute(
            t.user_account.update().where(t.user_account.c.id == row.id).values(**values)
        )
        uow.record(
            "users.login_paused" if paused else "users.login_failed",
            "user",
            row.id,
            after={"username": username, "failures": failures},
        )
        return wrong
    assert row is not None  # a matching password implies the account exists
    actor = actor_for(uow, row.id)
    if actor is None:
        uow.record("users.login_refused_disabled", "user", row.id, after={"username": username})
        return Login(None, refusal=N_("this account is switched off"))
    uow.conn.execute(
        t.user_account.update()
        .where(t.user_account.c.id == row.id)
        .values(failed_logins=0, locked_until=None, last_login_at=now)
    )
    uow.record("users.logged_in", "user", row.id, after={"username": username})
    return Login(actor, session_version=row.session_version)


def current_actor(uow: UnitOfWork, user_id: int, session_version: int) -> Actor | None:
    """The actor of a live session, or None when the session was ended since it began.

    A session ends when the password changes, the account is switched off or
    the user logs out everywhere (:func:`end_sessions`).
    """
    a = t.user_account.c
    row = uow.conn.execute(
        sa.select(a.session_version, a.username, a.active).where(a.id == user_id)
    ).first()
    if row is None or row.session_version != session_version or not row.active:
        return None
    return _actor_of(uow, user_id, row.username)


def end_sessions(uow: UnitOfWork, username: str) -> None:
    """End every session of a user (logging out everywhere); their own or, for admins, anyone's."""
    user_id = _user_id(uow, username)
    if uow.actor.user_id != user_id:
        _require_manage(uow)
    uow.conn.execute(
        t.user_account.update()
        .where(t.user_account.c.id == user_id)
        .values(session_version=t.user_account.c.session_version + 1)
    )
    uow.record("users.sessions_ended", "user", user_id)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("houqin-no-such-user")


def set_language(uow: UnitOfWork, username: str, language: str) -> User:
    """Store the language a user reads houqin in: their own, or for an administrator anyone's.

    ``language`` is one of :data:`houqin.core.i18n.LANGUAGES`; audited.
    """
    user_id = _user_id(uow, username)
    if uow.actor.user_id != user_id:
        _require_manage(uow)
    if language not in LANGUAGES:
        raise InvalidInput.single(
            "language",
            N_(
                "unknown language {language}; languages: {known}",
                language=language,
                known=", ".join(LANGUAGES),
            ),
        )
    before = uow.conn.execute(
        sa.select(t.user_account.c.language).where(t.user_account.c.id == user_id)
    ).scalar()
    if before != language:
        uow.conn.execute(
            t.user_account.update().where(t.user_account.c.id == user_id).values(language=language)
        )
        uow.record(
            "users.language_changed",
            "user",
            user_id,
            before={"language": before},
            after={"language": language},
        )
    return get_user(uow, username)


def _same_twice(password: str, again: str) -> None:
    if password != again:
        raise InvalidInput.single("again", N_("the two new passwords differ"))


def change_own_password(uow: UnitOfWork, cmd: PasswordChange) -> Login:
    """Change the actor's own password, checking the current one first.

    The current password is checked as a login is (:func:`log_in`): a wrong one
    counts towards the pause and is returned as a refusal, so that its record is
    committed. On success every session of the user ends except the one that
    asked, which goes on with the returned session number.
    """
    if uow.actor.user_id is None:
        raise PermissionDenied(N_("only a logged-in user can change their own password"))
    username = uow.actor.name
    _same_twice(cmd.password, cmd.again)
    _check_password(uow, cmd.password)
    checked = log_in(uow, username, cmd.current)
    if checked.actor is None:
        return checked
    set_password(uow, username, cmd.password)
    version = uow.conn.execute(
        sa.select(t.user_account.c.session_version).where(t.user_account.c.id == uow.actor.user_id)
    ).scalar_one()
    return Login(checked.actor, session_version=int(version))


def reset_password(uow: UnitOfWork, username: str, cmd: PasswordReset) -> None:
    """An administrator sets a new password for ``username``; their sessions end."""
    _require_manage(uow)
    _same_twice(cmd.password, cmd.again)
    set_password(uow, username, cmd.password)
