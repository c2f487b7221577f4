from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from houqin.core import audit, hookimpl
from houqin.core.builtin import STAFF_ROLES
from houqin.core.demo import create_demo_school
from houqin.core.errors import Conflict, PermissionDenied
from houqin.core.i18n import N_
from houqin.core.org import service, users
from houqin.core.org.model import CampusInput, DepartmentInput, RoomKind, UserInput
from houqin.core.school import School, init_school
from houqin.core.settings import set_setting
from houqin.core.types import SCHOOL_TYPES, PluginInfo

# The post each role login is held by, per kind of school.
POSTS = {
    "principal": {"校长", "园长"},
    "logistics_head": {"后勤主任", "后勤管理处处长"},
    "storekeeper": {"仓库保管员"},
    "finance": {"会计"},
    "repair_staff": {"水电工"},
    "teacher": {"班主任", "辅导员"},
}
CLASSES = {"kindergarten": 9, "primary": 24, "secondary": 24, "boarding": 24, "university": 6}
# One class of each kind of school: (campus, name, grade, building, room).
A_CLASS = {
    "kindergarten": ("分园", "小三班", "小班", "教学楼", "101"),
    "primary": ("东校区", "一年级1班", "一年级", "教学楼", "101"),
    "secondary": ("本部", "高三(4)班", "高三", "教学楼", "304"),
    "boarding": ("东校区", "初二(2)班", "初二", "教学楼", "202"),
    "university": ("东校区", "2024级计算机2班", "2024级", None, None),
}


def _msgid(caught):
    return caught.value.message.msgid


def _events(school, actor):
    with school.read(actor) as uow:
        report = audit.verify_chain(uow.conn)
    assert report.ok, report.problem
    return report.events


def _organisation_events(school, actor):
    """Audit events of the organisation and its users (not of the store or other modules)."""
    event = audit.audit_event
    with school.read(actor) as uow:
        return uow.conn.execute(
            sa.select(sa.func.count()).where(
                sa.or_(event.c.action.like("org.%"), event.c.action.like("users.%"))
            )
        ).scalar_one()


def _totals(uow):
    listings = {
        "campuses": service.list_campuses,
        "buildings": service.list_buildings,
        "rooms": service.list_rooms,
        "departments": service.list_departments,
        "people": service.list_people,
        "classes": service.list_classes,
        "users": users.list_users,
    }
    return {name: list_(uow, limit=1, with_total=True).total for name, list_ in listings.items()}


@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_demo_fills_an_empty_school_of_each_kind(
    houqin_school_factory, houqin_operator, school_type
):
    school = houqin_school_factory(school_type=school_type)
    before = _events(school, houqin_operator)

    demo = create_demo_school(school, houqin_operator)

    with school.read(houqin_operator) as uow:
        totals = _totals(uow)
        rooms = service.list_rooms(uow, limit=500).items
        classes = service.list_classes(uow, limit=100).items
        logins = {login.role: users.get_user(uow, login.username) for login in demo.staff_logins}
        people = {p.name: p for p in service.list_people(uow, limit=200).items}
    assert demo.school_type == school_type
    assert totals == {name: getattr(demo, name) for name in totals}
    assert demo.counts[N_("Staff")] == demo.people
    assert demo.campuses == 2
    assert demo.classes == CLASSES[school_type]
    assert 60 <= demo.people <= 120
    assert demo.users == 1 + len(STAFF_ROLES)
    # Every row of the organisation is one audited event, on an unbroken chain;
    # the store and other modules add their own events after them.
    created = sum(totals.values())
    assert _events(school, houqin_operator) >= before + created
    assert _organisation_events(school, houqin_operator) == created

    kinds = {room.kind for room in rooms}
    assert {RoomKind.CLASSROOM, RoomKind.OFFICE, RoomKind.STOREROOM, RoomKind.CLINIC} <= kinds
    assert (RoomKind.DORMITORY in kinds) == (
        school_type in ("kindergarten", "boarding", "university")
    )
    assert all(c.head_teacher for c in classes)
    assert all(c.room for c in classes) == (school_type != "university")
    assert A_CLASS[school_type] in {
        (c.campus, c.name, c.grade, c.building, c.room) for c in classes
    }

    assert set(logins) == set(STAFF_ROLES)
    for role, user in logins.items():
        assert user.username.isascii() and user.username.isalpha()
        assert user.person == user.display_name
        assert people[user.person].position in POSTS[role]
        assert [r.role for r in user.roles] == [role]
    assert len({p.phone for p in people.values()}) == len(people)
    assert all(p.phone.isdigit() and len(p.phone) == 11 for p in people.values())


def _fresh_sqlite_school(path, operator):
    school = School.open(f"sqlite:///{path}", plugins=[], require_schema=False)
    init_school(school, operator, school_type="primary")
    return school


def _staff_and_logins(school, operator, seed):
    demo = create_demo_school(school, operator, seed=seed)
    with school.read(operator) as uow:
        people = [
            (p.staff_no, p.name, p.department, p.position, p.phone)
            for p in service.list_people(uow, limit=200).items
        ]
    school.engine.dispose()
    return sorted(people), demo


def test_the_same_seed_gives_the_same_school(tmp_path, houqin_operator):
    first, demo_a = _staff_and_logins(
        _fresh_sqlite_school(tmp_path / "a.sqlite3", houqin_operator), houqin_operator, 7
    )
    again, demo_b = _staff_and_logins(
        _fresh_sqlite_school(tmp_path / "b.sqlite3", houqin_operator), houqin_operator, 7
    )
    other, _ = _staff_and_logins(
        _fresh_sqlite_school(tmp_path / "c.sqlite3", houqin_operator), houqin_operator, 8
    )
    assert first == again
    assert demo_a.staff_logins == demo_b.staff_logins
    assert [name for _, name, *_ in first] != [name for _, name, *_ in other]
    assert len({name for _, name, *_ in first}) == len(first)
    # The layout does not depend on the seed, only the people do.
    assert [row[2:4] for row in first] == [row[2:4] for row in other]
    # Passwords come from `secrets`, never from the seed.
    assert demo_a.admin_password != demo_b.admin_password
    assert demo_a.demo_password != demo_a.admin_password


def test_admin_logs_in_and_a_storekeeper_cannot_manage_users(
    houqin_school_factory, houqin_operator
):
    school = houqin_school_factory(school_type="primary")
    with school.write(houqin_operator) as uow:
        set_setting(uow, "auth.password_min_length", 20)
    demo = create_demo_school(school, houqin_operator)
    storekeeper = next(login.username for login in demo.staff_logins if login.role == "storekeeper")
    assert len(demo.admin_password) >= 20 and len(demo.demo_password) >= 20
    assert demo.admin_password not in repr(demo) and demo.demo_password not in repr(demo)

    with school.read(houqin_operator) as uow:
        admin = users.authenticate(uow, "admin", demo.admin_password)
        keeper = users.authenticate(uow, storekeeper, demo.demo_password)
        assert users.authenticate(uow, "admin", demo.demo_password) is None
        assert users.authenticate(uow, storekeeper, demo.admin_password) is None
    assert admin is not None and admin.superuser
    assert keeper is not None and not keeper.superuser

    with school.read(keeper) as uow:
        assert service.list_rooms(uow, limit=1, with_total=True).total == demo.rooms
        with pytest.raises(PermissionDenied):
            users.list_users(uow)
    with pytest.raises(PermissionDenied), school.write(keeper) as uow:
        users.add_user(uow, UserInput(username="intruder", role="admin", password="x" * 12))
    with pytest.raises(PermissionDenied), school.write(keeper) as uow:
        service.create_campus(uow, CampusInput(name="西校区"))


def test_a_second_demo_is_refused_and_changes_nothing(houqin_school_factory, houqin_operator):
    school = houqin_school_factory(school_type="boarding")
    create_demo_school(school, houqin_operator)
    with school.read(houqin_operator) as uow:
        totals = _totals(uow)
    events = _events(school, houqin_operator)

    with pytest.raises(Conflict) as caught:
        create_demo_school(school, houqin_operator, seed=1)
    assert "only created in an empty school" in _msgid(caught)

    with school.read(houqin_operator) as uow:
        assert _totals(uow) == totals
    assert _events(school, houqin_operator) == events


@pytest.mark.parametrize(
    "existing",
    [
        lambda uow: service.create_campus(uow, CampusInput(name="本部")),
        lambda uow: service.create_department(uow, DepartmentInput(name="总务处")),
    ],
    ids=["campus", "department"],
)
def test_a_school_with_an_organisation_is_never_written_over(
    houqin_school, houqin_operator, existing
):
    with houqin_school.write(houqin_operator) as uow:
        existing(uow)
    events = _events(houqin_school, houqin_operator)

    with pytest.raises(Conflict) as caught:
        create_demo_school(houqin_school, houqin_operator)
    assert "nothing was changed" in _msgid(caught)

    assert _events(houqin_school, houqin_operator) == events


def _probe_plugin(name, demo_data):
    @hookimpl
    def houqin_plugin_info():
        return PluginInfo(name=name, label=name, version="1", school_types=("primary",))

    return SimpleNamespace(
        houqin_plugin_info=houqin_plugin_info, houqin_demo_data=hookimpl(demo_data)
    )


def test_hook_houqin_demo_data_lets_enabled_plugins_add_their_part(
    houqin_school_factory, houqin_operator
):
    seen = []

    def houqin_demo_data(uow):
        seen.append(service.list_rooms(uow, kind="storeroom", limit=1, with_total=True).total)
        service.create_department(uow, DepartmentInput(name="物业公司", parent="总务处"))

    school = houqin_school_factory(
        [_probe_plugin("demo_probe", houqin_demo_data)], school_type="primary"
    )
    demo = create_demo_school(school, houqin_operator)

    assert seen and seen[0] > 0
    with school.read(houqin_operator) as uow:
        departments = {d.name: d for d in service.list_departments(uow, limit=100).items}
    assert departments["物业公司"].parent == "总务处"
    assert len(departments) == demo.departments + 1


def test_hook_houqin_demo_data_failing_undoes_the_whole_demo(
    houqin_school_factory, houqin_operator
):
    def houqin_demo_data(uow):
        raise Conflict(N_("the probe refuses"))

    school = houqin_school_factory(
        [_probe_plugin("demo_probe", houqin_demo_data)], school_type="primary"
    )
    events = _events(school, houqin_operator)

    with pytest.raises(Conflict) as caught:
        create_demo_school(school, houqin_operator)
    assert _msgid(caught) == "the probe refuses"

    with school.read(houqin_operator) as uow:
        assert set(_totals(uow).values()) == {0}
    assert _events(school, houqin_operator) == events
