"""User accounts and roles from the command line."""

from __future__ import annotations

import sys

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.core.i18n import _


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    return value


@click.group(help=_("User accounts and their roles."))
def users() -> None:
    pass


@users.command("add", help=_("Create a login with one role."))
@click.argument("username")
@click.option("--role", required=True, help=_("Role name (see `houqin roles list`)"))
@click.option("--display-name", default="", help=_("Name shown in the application"))
@click.option("--campus", default=None, help=_("Limit the role to this campus"))
@click.option("--department", default=None, help=_("Limit the role to this department"))
@click.option("--staff-no", default=None, help=_("Link to the staff member with this number"))
@click.option("--language", default=None, help=_("zh_CN or en"))
@click.option("--password-stdin", is_flag=True, help=_("Read the password from standard input"))
def users_add(
    username: str,
    role: str,
    display_name: str,
    campus: str | None,
    department: str | None,
    staff_no: str | None,
    language: str | None,
    password_stdin: bool,
) -> None:
    from houqin.core.commands import labelled, structure_command
    from houqin.core.org.model import UserInput
    from houqin.core.org.users import add_user

    ctx = cli_context()
    school = ctx.school()
    # Check the role before asking for a password nobody will use.
    if role not in school.access.roles:
        from houqin.core.errors import InvalidInput
        from houqin.core.i18n import N_

        raise InvalidInput.single(
            "role",
            N_(
                "unknown role {role}; roles: {known}",
                role=role,
                known=", ".join(sorted(school.access.roles)),
            ),
        )
    password = _read_password(password_stdin)
    command = structure_command(
        school.converter,
        UserInput,
        {
            "username": username,
            "role": role,
            "display_name": display_name,
            "password": password,
            "campus": campus,
            "department": department,
            "staff_no": staff_no,
            "language": language,
        },
    )
    with school.write(ctx.actor) as uow, labelled(UserInput):
        user = add_user(uow, command)
    done(_("User {name} created with the role {role}.", name=user.username, role=role))


@users.command("list", help=_("Every user with their roles."))
@click.option("--search", default=None, help=_("Part of the user name or display name"))
def users_list(search: str | None) -> None:
    from houqin.core.org.users import list_users

    ctx = cli_context()
    school = ctx.school()
    rows = []
    after = None
    with school.read(ctx.actor) as uow:
        while True:
            page = list_users(uow, search=search, after=after, limit=500)
            for user in page.items:
                roles = ", ".join(
                    r.role
                    + (f"@{r.campus}" if r.campus else "")
                    + (f"@{r.department}" if r.department else "")
                    for r in user.roles
                )
                rows.append(
                    (user.username, user.display_name, user.person or "", roles, user.active)
                )
            if page.next_cursor is None:
                break
            after = page.next_cursor
    echo_table([_("User"), _("Name"), _("Staff member"), _("Roles"), _("Active")], rows)


@users.command("passwd", help=_("Set a new password for a user."))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help=_("Read the password from standard input"))
def users_passwd(username: str, password_stdin: bool) -> None:
    from houqin.core.org.users import get_user, set_password

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        get_user(uow, username)
    password = _read_password(password_stdin)
    with school.write(ctx.actor) as uow:
        set_password(uow, username, password)
    done(_("The password of {name} was changed.", name=username))


@users.command("grant", help=_("Give a user one more role."))
@click.argument("username")
@click.argument("role")
@click.option("--campus", default=None, help=_("Limit the role to this campus"))
@click.option("--department", default=None, help=_("Limit the role to this department"))
def users_grant(username: str, role: str, campus: str | None, department: str | None) -> None:
    from houqin.core.org.users import grant_role

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        grant_role(uow, username, role, campus=campus, department=department)
    done(_("{name} now has the role {role}.", name=username, role=role))


@users.command("revoke", help=_("Take a role away from a user."))
@click.argument("username")
@click.argument("role")
def users_revoke(username: str, role: str) -> None:
    from houqin.core.org.users import revoke_role

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        revoke_role(uow, username, role)
    done(_("{name} no longer has the role {role}.", name=username, role=role))


@users.command("disable", help=_("Stop a user from logging in."))
@click.argument("username")
def users_disable(username: str) -> None:
    from houqin.core.org.users import set_active

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        set_active(uow, username, False)
    done(_("{name} can no longer log in.", name=username))


@users.command("enable", help=_("Let a disabled user log in again."))
@click.argument("username")
def users_enable(username: str) -> None:
    from houqin.core.org.users import set_active

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        set_active(uow, username, True)
    done(_("{name} can log in again.", name=username))


@click.group(help=_("Roles and their permissions."))
def roles() -> None:
    pass


@roles.command("list", help=_("Every role, from the core and the enabled modules."))
def roles_list() -> None:
    ctx = cli_context()
    school = ctx.school()
    by_role = school.access.permissions_by_role()
    echo_table(
        [_("Role"), _("Name"), _("Permissions")],
        [(r.name, r.label, ", ".join(sorted(by_role.get(r.name, ())))) for r in school.roles()],
    )


@roles.command("permissions", help=_("Every permission and the roles that hold it."))
def roles_permissions() -> None:
    ctx = cli_context()
    school = ctx.school()
    by_role = school.access.permissions_by_role()
    echo_table(
        [_("Permission"), _("Meaning"), _("Roles")],
        [
            (p.name, p.label, ", ".join(sorted(r for r, ps in by_role.items() if p.name in ps)))
            for p in school.permissions()
        ],
    )
