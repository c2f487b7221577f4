"""Who may do what: deny by default, campus scopes, administrators and logins."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.access import Actor
from houqin.core.commands import structure_command
from houqin.core.errors import Conflict, InvalidInput, PermissionDenied
from houqin.core.i18n import use_language
from houqin.core.org import model, service, users
from houqin.core.org import tables as t
from houqin.core.settings import set_setting

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the default language is Chinese."""
    with use_language("en"):
        yield


def _cmd(school, cls, **data):
    return structure_command(school.converter, cls, data)


def _add_user(uow, username, role, password=PASSWORD, **more):
    cmd = _cmd(uow.school, model.UserInput, username=username, role=role, password=password, **more)
    return users.add_user(uow, cmd)


def _actor(school, operator, user_id):
    with school.read(operator) as uow:
        return users.actor_for(uow, user_id)


def _login(school, operator, username, password):
    with school.read(operator) as uow:
        return users.authenticate(uow, username, password)


@pytest.fixture
def two_campuses(houqin_school, houqin_operator):
    """东校区 and 西校区, each with a building 教学楼 holding rooms 101 and 102."""
    s = houqin_school
    with s.write(houqin_operator) as uow:
        for campus in ("东校区", "西校区"):
            service.create_campus(uow, _cmd(s, model.CampusInput, name=campus))
            service.create_building(uow, _cmd(s, model.BuildingInput, campus=campus, name="教学楼"))
            for room in ("101", "102"):
                service.create_room(
                    uow, _cmd(s, model.RoomInput, campus=campus, building="教学楼", name=room)
                )
    return s


def test_actor_without_grants_is_denied_and_nothing_is_written(houqin_school):
    s = houqin_school
    nobody = Actor(name="nobody")
    with pytest.raises(PermissionDenied, match="nobody"), s.write(nobody) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
    with s.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.campus)).scalar() == 0
        assert audit.verify_chain(conn).events == 0
    assert nobody.scope("org.view").nothing
    with s.read(nobody) as uow:
        assert service.list_campuses(uow).items == []


def test_campus_scoped_head_works_only_on_their_campus(two_campuses, houqin_operator):
    s = two_campuses
    with s.write(houqin_operator) as uow:
        head = _add_user(uow, "zhang", "logistics_head", campus="东校区")
    assert head.roles == (model.RoleAssignment("logistics_head", "东校区", None),)
    actor = _actor(s, houqin_operator, head.id)
    assert actor is not None and not actor.superuser

    with s.write(actor) as uow:
        building = service.create_building(
            uow, _cmd(s, model.BuildingInput, campus="东校区", name="实验楼")
        )
    assert building.campus == "东校区"
    with pytest.raises(PermissionDenied), s.write(actor) as uow:
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="西校区", name="实验楼"))
    with pytest.raises(PermissionDenied), s.write(actor) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="南校区"))

    with s.read(actor) as uow:
        rooms = service.list_rooms(uow, with_total=True)
        buildings = service.list_buildings(uow)
        campuses = service.list_campuses(uow)
    assert sorted((r.campus, r.name) for r in rooms.items) == [("东校区", "101"), ("东校区", "102")]
    assert rooms.total == 2
    assert sorted(b.name for b in buildings.items) == ["实验楼", "教学楼"]
    assert {b.campus for b in buildings.items} == {"东校区"}
    assert [c.name for c in campuses.items] == ["东校区"]

    with s.read(houqin_operator) as uow:
        west_room = service.list_rooms(uow, campus="西校区").items[0]
    with pytest.raises(PermissionDenied), s.read(actor) as uow:
        service.get_room(uow, west_room.id)
    with s.read(houqin_operator) as uow:
        all_buildings = service.list_buildings(uow).items
    assert {(b.campus, b.name) for b in all_buildings} == {
        ("东校区", "实验楼"),
        ("东校区", "教学楼"),
        ("西校区", "教学楼"),
    }


def test_unscoped_admin_is_superuser_but_campus_admin_is_not(two_campuses, houqin_operator):
    s = two_campuses
    with s.write(houqin_operator) as uow:
        root = _add_user(uow, "root", "admin")
        local = _add_user(uow, "east-admin", "admin", campus="东校区")
    root_actor = _actor(s, houqin_operator, root.id)
    local_actor = _actor(s, houqin_operator, local.id)
    assert root_actor is not None and root_actor.superuser
    assert local_actor is not None and not local_actor.superuser
    with s.write(root_actor) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="南校区"))
        _add_user(uow, "li", "teacher")
    with pytest.raises(PermissionDenied), s.write(local_actor) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="北校区"))
    with s.write(local_actor) as uow:
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="食堂"))
    with pytest.raises(PermissionDenied), s.write(local_actor) as uow:
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="西校区", name="食堂"))


def test_last_administrator_cannot_be_removed(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        _add_user(uow, "root", "admin")
    with pytest.raises(Conflict, match="last administrator"), s.write(houqin_operator) as uow:
        users.revoke_role(uow, "root", "admin")
    with pytest.raises(Conflict, match="last administrator"), s.write(houqin_operator) as uow:
        users.set_active(uow, "root", False)
    with s.read(houqin_operator) as uow:
        root = users.get_user(uow, "root")
    assert root.active and [r.role for r in root.roles] == ["admin"]

    with s.write(houqin_operator) as uow:
        _add_user(uow, "backup", "admin")
        users.set_active(uow, "root", False)
    with pytest.raises(Conflict), s.write(houqin_operator) as uow:
        users.revoke_role(uow, "backup", "admin")
    with s.write(houqin_operator) as uow:
        users.set_active(uow, "root", True)
        after = users.revoke_role(uow, "backup", "admin")
    assert after.roles == ()


def test_campus_admin_does_not_count_as_the_last_administrator(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        _add_user(uow, "root", "admin")
        _add_user(uow, "east-admin", "admin", campus="东校区")
    # The campus administrator cannot manage users, so root is still the last one.
    with pytest.raises(Conflict, match="last administrator"), s.write(houqin_operator) as uow:
        users.revoke_role(uow, "root", "admin")
    with pytest.raises(Conflict, match="last administrator"), s.write(houqin_operator) as uow:
        users.set_active(uow, "root", False)
    with s.write(houqin_operator) as uow:
        users.revoke_role(uow, "east-admin", "admin")
        users.set_active(uow, "east-admin", False)


def test_disabled_user_and_wrong_password_cannot_log_in(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        user = _add_user(uow, "li", "teacher")
    actor = _login(s, houqin_operator, "li", PASSWORD)
    assert actor is not None
    assert (actor.name, actor.user_id) == ("li", user.id)
    assert _login(s, houqin_operator, "li", PASSWORD + "!") is None
    assert _login(s, houqin_operator, "nobody", PASSWORD) is None

    with s.write(houqin_operator) as uow:
        users.set_active(uow, "li", False)
    assert _login(s, houqin_operator, "li", PASSWORD) is None
    assert _actor(s, houqin_operator, user.id) is None
    with s.write(houqin_operator) as uow:
        users.set_active(uow, "li", True)
    assert _login(s, houqin_operator, "li", PASSWORD) is not None


def test_password_shorter_than_the_setting_is_refused(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        set_setting(uow, "auth.password_min_length", "12")
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        _add_user(uow, "li", "teacher", password="a" * 11)
    assert [e.field for e in caught.value.errors] == ["password"]
    assert "12" in str(caught.value)
    with s.write(houqin_operator) as uow:
        _add_user(uow, "li", "teacher", password="a" * 12)
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        users.set_password(uow, "li", "b" * 11)
    assert [e.field for e in caught.value.errors] == ["password"]
    assert _login(s, houqin_operator, "li", "a" * 12) is not None


def test_user_changes_their_own_password_but_not_anothers(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        _add_user(uow, "li", "teacher")
        _add_user(uow, "wang", "teacher")
    li = _login(s, houqin_operator, "li", PASSWORD)
    assert li is not None
    with s.write(li) as uow:
        users.set_password(uow, "li", "a new passphrase")
    with pytest.raises(PermissionDenied), s.write(li) as uow:
        users.set_password(uow, "wang", "a new passphrase")
    assert _login(s, houqin_operator, "li", "a new passphrase") is not None
    assert _login(s, houqin_operator, "wang", PASSWORD) is not None


def test_unknown_role_and_taken_name_are_refused(houqin_school, houqin_operator):
    s = houqin_school
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        _add_user(uow, "li", "janitor")
    assert [e.field for e in caught.value.errors] == ["role"]
    assert "janitor" in str(caught.value)
    with s.write(houqin_operator) as uow:
        _add_user(uow, "li", "teacher")
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        _add_user(uow, "li", "storekeeper")
    assert [e.field for e in caught.value.errors] == ["username"]
    assert "li" in str(caught.value)
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        users.grant_role(uow, "li", "janitor")
    assert [e.field for e in caught.value.errors] == ["role"]
    with s.read(houqin_operator) as uow:
        page = users.list_users(uow, with_total=True)
    assert page.total == 1
    assert [r.role for r in page.items[0].roles] == ["teacher"]


def test_password_hash_never_reaches_the_audit_log(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        _add_user(uow, "li", "teacher")
        users.grant_role(uow, "li", "storekeeper", campus="东校区")
        users.set_password(uow, "li", "another passphrase")
        users.set_active(uow, "li", False)
    with s.engine.connect() as conn:
        stored_hash = conn.execute(
            sa.select(t.user_account.c.password_hash).where(t.user_account.c.username == "li")
        ).scalar_one()
        rows = conn.execute(sa.select(audit.audit_event)).mappings().all()
    assert stored_hash.startswith("$argon2")
    actions = [r["action"] for r in rows]
    assert "users.created" in actions and "users.password_changed" in actions
    for row in rows:
        text = " ".join(str(v) for v in row.values())
        assert "$argon2" not in text
        assert stored_hash not in text
        assert PASSWORD not in text and "another passphrase" not in text
        assert "password_hash" not in text


def test_password_spaces_are_part_of_the_password(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        _add_user(uow, " li ", "teacher", password="  two words  ")
    assert _login(s, houqin_operator, "li", "  two words  ") is not None
    assert _login(s, houqin_operator, "li", "two words") is None
