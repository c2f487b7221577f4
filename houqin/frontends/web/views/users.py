"""User accounts and roles: list, create, grant and revoke roles, switch off, reset passwords."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from houqin.core.audit import VIEW as AUDIT_VIEW
from houqin.core.audit import latest_events
from houqin.core.commands import labelled
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.i18n import LANGUAGES, N_
from houqin.core.org.model import PasswordReset, RoleGrant, UserInput
from houqin.core.org.plugin import MANAGE_USERS
from houqin.core.org.users import (
    add_user,
    get_user,
    grant_role,
    list_users,
    reset_password,
    revoke_role,
    set_active,
)
from houqin.frontends.web.auth import LANGUAGE_NAMES
from houqin.frontends.web.context import current_actor, current_school, notify, require_some
from houqin.frontends.web.forms import Choices, build_form, read_command

bp = Blueprint("users", __name__)

PAGE_SIZE = 50


def _role_choices() -> Choices:
    return [(role.name, role.label) for role in current_school().roles()]


def _choices() -> dict[str, Choices]:
    return {
        "role": _role_choices(),
        "language": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    }


@bp.get("/users/", endpoint="list_users")
def list_accounts() -> str:
    """Every account, searched by name, fifty at a time."""
    search = request.args.get("q", "").strip() or None
    after = request.args.get("after") or None
    refusal: InvalidInput | None = None
    with current_school().read(current_actor()) as uow:
        try:
            page = list_users(uow, search=search, after=after, limit=PAGE_SIZE, with_total=True)
        except InvalidInput as exc:
            refusal = exc
            page = list_users(uow, search=search, limit=PAGE_SIZE, with_total=True)
    return render_template(
        "users/list.html",
        page=page,
        search=search or "",
        refusal=refusal,
        next_url=url_for("users.list_users", q=search, after=page.next_cursor)
        if page.next_cursor
        else None,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def create_user() -> Any:
    """A new login with one role; the password is typed by the administrator."""
    require_some(MANAGE_USERS)
    if request.method != "POST":
        return render_template("users/new.html", form=build_form(UserInput, choices=_choices()))
    school = current_school()
    try:
        cmd = read_command(school, UserInput, request.form)
        with school.write(current_actor()) as uow, labelled(UserInput):
            user = add_user(uow, cmd)
    except (InvalidInput, Conflict) as exc:
        form = build_form(UserInput, request.form, exc, choices=_choices())
        return render_template("users/new.html", form=form), 400
    notify(N_("User {name} created.", name=user.username), "success")
    return redirect(url_for("users.show_user", username=user.username))


def _user_page(username: str, grant_form: Any = None, status: int = 200) -> tuple[str, int]:
    actor = current_actor()
    with current_school().read(actor) as uow:
        user = get_user(uow, username)
        require_some(MANAGE_USERS)  # one's own account is on the account page
        history = (
            latest_events(uow, object_type="user", object_id=str(user.id), limit=20)
            if actor.can(AUDIT_VIEW)
            else None
        )
    form = grant_form or build_form(RoleGrant, choices={"role": _role_choices()})
    page = render_template("users/detail.html", user=user, history=history, grant_form=form)
    return page, status


@bp.get("/users/<username>")
def show_user(username: str) -> tuple[str, int]:
    """An account: its roles, whether it is on, its history."""
    return _user_page(username)


@bp.post("/users/<username>/roles")
def grant(username: str) -> Any:
    """Give the user one more role."""
    school = current_school()
    require_some(MANAGE_USERS)
    try:
        cmd = read_command(school, RoleGrant, request.form)
        with school.write(current_actor()) as uow, labelled(RoleGrant):
            grant_role(uow, username, cmd.role, campus=cmd.campus, department=cmd.department)
    except (InvalidInput, Conflict) as exc:
        form = build_form(RoleGrant, request.form, exc, choices={"role": _role_choices()})
        return _user_page(username, form, 400)
    notify(N_("Role {role} given to {name}.", role=cmd.role, name=username), "success")
    return redirect(url_for("users.show_user", username=username))


@bp.post("/users/<username>/roles/<role>/revoke")
def revoke(username: str, role: str) -> Response:
    """Take a role away (the last administrator keeps theirs)."""
    require_some(MANAGE_USERS)
    try:
        with current_school().write(current_actor()) as uow:
            revoke_role(uow, username, role)
    except Conflict as exc:
        notify(exc.message, "error")
    else:
        notify(N_("Role {role} taken from {name}.", role=role, name=username), "success")
    return redirect(url_for("users.show_user", username=username))


@bp.post("/users/<username>/active")
def switch(username: str) -> Response:
    """Switch an account off (its sessions end at once) or on again."""
    require_some(MANAGE_USERS)
    active = request.form.get("active") == "true"
    try:
        with current_school().write(current_actor()) as uow:
            set_active(uow, username, active)
    except Conflict as exc:
        notify(exc.message, "error")
    else:
        message = (
            N_("{name} can log in again.", name=username)
            if active
            else N_("{name} is switched off and logged out.", name=username)
        )
        notify(message, "success")
    return redirect(url_for("users.show_user", username=username))


@bp.route("/users/<username>/password", methods=["GET", "POST"])
def reset(username: str) -> Any:
    """Set a new password for someone who forgot theirs; their sessions end."""
    school = current_school()
    with school.read(current_actor()) as uow:
        user = get_user(uow, username)
    require_some(MANAGE_USERS)
    if request.method != "POST":
        return render_template("users/password.html", user=user, form=build_form(PasswordReset))
    try:
        cmd = read_command(school, PasswordReset, request.form)
        with school.write(current_actor()) as uow, labelled(PasswordReset):
            reset_password(uow, username, cmd)
    except InvalidInput as exc:
        form = build_form(PasswordReset, None, exc)
        return render_template("users/password.html", user=user, form=form), 400
    notify(N_("The password of {name} was changed; their sessions ended.", name=username))
    return redirect(url_for("users.show_user", username=username))


@bp.get("/roles/")
def roles() -> str:
    """Each role and what it may do."""
    require_some(MANAGE_USERS)
    school = current_school()
    by_role = school.access.permissions_by_role()
    rows = [
        (role, sorted((school.access.label(p) for p in by_role.get(role.name, ())), key=str))
        for role in school.roles()
    ]
    return render_template("users/roles.html", rows=rows)
